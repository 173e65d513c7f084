// How the interview words its questions and shows answers: section titles,
// the nouns of list items, and values as the researcher reads and types them.
#pragma once

#include <string>

#include "json/json.hpp"
#include "ops/interview_questions.hpp"

namespace casebook::ops::interview {

// A schema key as words: "after_return" -> "after return".
std::string label_of(const std::string& key);

// Text with its first letter in upper case (ASCII and the accented vowels and ñ of Spanish).
std::string capitalised(std::string t);

// A section's title in the researcher's language: "after_return" -> "After return".
std::string title_of(const std::string& key);

// What one item of a list is called in questions: "journey leg", "return", "harm", "source".
std::string item_noun(const std::string& key);

// A noun with its English article: "a source", "an outcome".
std::string with_article(const std::string& noun);

// A value as the researcher reads it: labels and country names in their language.
std::string shown(const Field& f, const Json& v, bool show_sensitive);

// The text an answer is typed as to give value v again (the default when changing an answer).
std::string typed(const Json& v);

} // namespace casebook::ops::interview
