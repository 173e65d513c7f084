// The language people read casebook in: English or Spanish, through gettext
// (the "casebook" domain; country names from iso-codes' own catalogs). Data
// never changes with the language: records, CSV and JSON keep codes.
#pragma once

#include <string>
#include <string_view>

#include <fmt/format.h>

namespace casebook {

// Chooses the language of messages: "es", else English (the command line
// reads what the environment asks for). Finds the catalogs in the build tree
// beside the binary, else where casebook is installed. Call once, before any message.
void choose_language(std::string_view language);

// The language messages are shown in now: "es" or "en".
std::string_view language();

// The translation of a message of the casebook domain (the message itself in English).
const char* tr(const char* message);

// The translation of a message with a number: one for n == 1, many otherwise in
// English; the catalog's plural forms in another language (ngettext).
const char* tr_plural(const char* one, const char* many, unsigned long n);

// Marks a message for the catalog where it is defined (a table's row); it is
// translated with tr() where it is shown.
constexpr const char* N_(const char* message)
{
    return message;
}

// Marks a message of a context for the catalog (NC_("vocabulary", "killed"): a
// derived value, labelled by value_label).
constexpr const char* NC_(const char* /*context*/, const char* message)
{
    return message;
}

// fmt::format with a translated format string: say("{} cases", n).
template <class... Args>
std::string say(const char* message, const Args&... args)
{
    return fmt::format(fmt::runtime(tr(message)), args...);
}

// The translation of a message that names one thing among several spellings of
// the same word (context "vocabulary" for vocabulary labels).
const char* tr_in(const char* context, const char* message);

// A country's name in the chosen language ("México" for "MEX" in Spanish); the code when unknown.
std::string country_label(std::string_view code);

// The label of a vocabulary value ("gang_threat" -> "gang threat", "amenaza de pandillas").
std::string value_label(std::string_view value);

// Text folded for comparing what people type: lower case, accents and case
// dropped (á->a, ñ->n, ü->u), spaces, dots and hyphens squeezed out.
std::string folded(std::string_view text);

} // namespace casebook
