# Message catalogs (GNU gettext): po/<lang>.po is checked and compiled by
# msgfmt --check into <build>/locale/<lang>/LC_MESSAGES/casebook.mo, beside
# the binary, where src/util/i18n.cpp finds it in the build tree; installed under
# the locale folder of the install prefix.
find_program(MSGFMT_EXECUTABLE msgfmt REQUIRED)
file(GLOB CASEBOOK_PO_FILES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/po/*.po)
set(CASEBOOK_MO_FILES)
foreach(po ${CASEBOOK_PO_FILES})
  get_filename_component(lang ${po} NAME_WE)
  set(mo ${PROJECT_BINARY_DIR}/locale/${lang}/LC_MESSAGES/casebook.mo)
  add_custom_command(OUTPUT ${mo}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/locale/${lang}/LC_MESSAGES
    COMMAND ${MSGFMT_EXECUTABLE} --check --output-file=${mo} ${po}
    DEPENDS ${po}
    COMMENT "msgfmt --check po/${lang}.po")
  list(APPEND CASEBOOK_MO_FILES ${mo})
  install(FILES ${mo} DESTINATION ${CMAKE_INSTALL_LOCALEDIR}/${lang}/LC_MESSAGES)
endforeach()
add_custom_target(translations ALL DEPENDS ${CASEBOOK_MO_FILES})
add_dependencies(casebook translations)
