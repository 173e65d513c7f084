// libfmt's compiled part, built into casebook.
//
// Debian's libfmt-dev ships libfmt only as a shared library, and a shared
// library cannot go into the static casebook binary (CASEBOOK_STATIC, see
// CMakeLists.txt). fmt's header-only mode would compile this part into every
// file that formats, slowing the build by seconds a file; instead this one file
// compiles fmt's own implementation header once and instantiates the templates
// that fmt's headers declare `extern` or only declare (the same set libfmt.so
// exports), and no build links libfmt.so.
#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {

template FMT_API auto dragonbox::to_decimal(float x) noexcept -> dragonbox::decimal_fp<float>;
template FMT_API auto dragonbox::to_decimal(double x) noexcept -> dragonbox::decimal_fp<double>;

template FMT_API locale_ref::locale_ref(const std::locale& loc);
template FMT_API auto locale_ref::get<std::locale>() const -> std::locale;

template FMT_API auto thousands_sep_impl<char>(locale_ref) -> thousands_sep_result<char>;
template FMT_API auto thousands_sep_impl<wchar_t>(locale_ref) -> thousands_sep_result<wchar_t>;
template FMT_API auto decimal_point_impl(locale_ref) -> char;
template FMT_API auto decimal_point_impl(locale_ref) -> wchar_t;

template FMT_API void vformat_to(buffer<char>&, string_view, basic_format_args<FMT_BUFFER_CONTEXT(char)>,
                                 locale_ref);

}  // namespace detail
FMT_END_NAMESPACE
