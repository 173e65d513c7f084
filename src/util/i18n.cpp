// Messages in the researcher's language through gettext. English is the
// language of the source: when it is chosen, no catalog is read at all.
// Spanish needs no Spanish locale to be installed: a locale that gettext can
// use (the environment's, else C.UTF-8) and LANGUAGE=es choose the catalog.
#include "util/i18n.hpp"

#include <clocale>
#include <cstdlib>
#include <string>
#include <system_error>

#include <libintl.h>
#include <unistd.h>

#include <filesystem>

#include "util/countries.hpp"

#ifndef CASEBOOK_LOCALEDIR
#define CASEBOOK_LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef CASEBOOK_LOCALEDIR_FROM_BIN
#define CASEBOOK_LOCALEDIR_FROM_BIN "../share/locale"
#endif

namespace casebook {

namespace {

std::string chosen = "en";

const char* domain = "casebook";
const char* countries_domain = "iso_3166-1";

// Where this build's catalogs are: locale/ beside the binary (the build tree), else
// the install prefix's locale folder found from the binary (a moved prefix still
// works), else the one casebook was configured for.
std::string catalog_folder()
{
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        for (const std::filesystem::path& folder :
             {exe.parent_path() / "locale", (exe.parent_path() / CASEBOOK_LOCALEDIR_FROM_BIN).lexically_normal()}) {
            if (std::filesystem::exists(folder / "es" / "LC_MESSAGES" / "casebook.mo", ec)) {
                return folder.string();
            }
        }
    }
    return CASEBOOK_LOCALEDIR;
}

} // namespace

void choose_language(std::string_view wanted)
{
    chosen = wanted;
    if (chosen != "es") {
        chosen = "en";
        return;
    }
    // gettext ignores LANGUAGE in the "C" locale: use the environment's locale if it
    // exists here, else C.UTF-8, which every glibc system has.
    if (std::setlocale(LC_MESSAGES, "") == nullptr || std::string(std::setlocale(LC_MESSAGES, nullptr)) == "C") {
        std::setlocale(LC_MESSAGES, "C.UTF-8");
    }
    ::setenv("LANGUAGE", "es", 1);
    const std::string folder = catalog_folder();
    ::bindtextdomain(domain, folder.c_str());
    ::bind_textdomain_codeset(domain, "UTF-8");
    ::bindtextdomain(countries_domain, "/usr/share/locale");
    ::bind_textdomain_codeset(countries_domain, "UTF-8");
}

std::string_view language()
{
    return chosen;
}

const char* tr(const char* message)
{
    if (chosen == "en" || message == nullptr || message[0] == '\0') {
        return message;
    }
    return ::dgettext(domain, message);
}

const char* tr_plural(const char* one, const char* many, unsigned long n)
{
    if (chosen == "en") {
        return n == 1 ? one : many;
    }
    return ::dngettext(domain, one, many, n);
}

const char* tr_in(const char* context, const char* message)
{
    if (chosen == "en") {
        return message;
    }
    // pgettext: the context and the message joined by EOT, as msgfmt stores msgctxt.
    thread_local std::string key;
    key = std::string(context) + '\004' + message;
    const char* got = ::dgettext(domain, key.c_str());
    return got == key.c_str() ? message : got;
}

std::string country_label(std::string_view code)
{
    const Country* c = find_country(code);
    if (c == nullptr) {
        return std::string(code);
    }
    const std::string name(c->common_name.empty() ? c->name : c->common_name);
    if (chosen == "en") {
        return name;
    }
    const std::string translated = ::dgettext(countries_domain, name.c_str());
    if (translated == name && !c->common_name.empty()) {
        return ::dgettext(countries_domain, std::string(c->name).c_str());
    }
    return translated;
}

std::string value_label(std::string_view value)
{
    const std::string v(value);
    const char* label = tr_in("vocabulary", v.c_str());
    if (label != v.c_str() && v != label) {
        return label;
    }
    std::string english = v;
    for (char& ch : english) {
        ch = ch == '_' ? ' ' : ch;
    }
    return english;
}

std::string folded(std::string_view text)
{
    // Latin letters with accents, as UTF-8, and the letter they fold to.
    static const struct {
        const char* accented;
        char plain;
    } letters[] = {
        {"á", 'a'}, {"à", 'a'}, {"ä", 'a'}, {"â", 'a'}, {"ã", 'a'}, {"å", 'a'}, {"Á", 'a'}, {"À", 'a'}, {"Ä", 'a'},
        {"Â", 'a'}, {"Ã", 'a'}, {"Å", 'a'}, {"é", 'e'}, {"è", 'e'}, {"ë", 'e'}, {"ê", 'e'}, {"É", 'e'}, {"È", 'e'},
        {"Ë", 'e'}, {"Ê", 'e'}, {"í", 'i'}, {"ì", 'i'}, {"ï", 'i'}, {"î", 'i'}, {"Í", 'i'}, {"Ì", 'i'}, {"Ï", 'i'},
        {"Î", 'i'}, {"ó", 'o'}, {"ò", 'o'}, {"ö", 'o'}, {"ô", 'o'}, {"õ", 'o'}, {"Ó", 'o'}, {"Ò", 'o'}, {"Ö", 'o'},
        {"Ô", 'o'}, {"Õ", 'o'}, {"ú", 'u'}, {"ù", 'u'}, {"ü", 'u'}, {"û", 'u'}, {"Ú", 'u'}, {"Ù", 'u'}, {"Ü", 'u'},
        {"Û", 'u'}, {"ñ", 'n'}, {"Ñ", 'n'}, {"ç", 'c'}, {"Ç", 'c'}, {"ý", 'y'}, {"Ý", 'y'},
    };
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c != ' ' && c != '.' && c != '-' && c != '_' && c != '\'' && c != ',') {
                out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            }
            ++i;
            continue;
        }
        bool matched = false;
        for (const auto& l : letters) {
            const std::string_view a(l.accented);
            if (text.substr(i, a.size()) == a) {
                out += l.plain;
                i += a.size();
                matched = true;
                break;
            }
        }
        if (!matched) {
            out += text[i++];
        }
    }
    return out;
}

} // namespace casebook
