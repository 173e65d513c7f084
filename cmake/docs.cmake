# Documentation installed with casebook: the man page and the bash completion.
# Hand-written roff: nothing is generated at build time.
# Include from the top-level CMakeLists.txt after include(GNUInstallDirs):
#   include(cmake/docs.cmake)
include(GNUInstallDirs)
install(FILES ${PROJECT_SOURCE_DIR}/man/casebook.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
# bash-completion loads completions/<command> on demand.
install(FILES ${PROJECT_SOURCE_DIR}/completion/casebook.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME casebook)
