// Vetting a schema: patterns, references and $ref cycles, before any record is checked.
#include "schema/schema_vetting.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <vector>

#include "util/error.hpp"
#include "util/i18n.hpp"
#include "util/pattern.hpp"
#include "util/quoting.hpp"
#include "schema/schema_uri.hpp"

namespace casebook {

namespace {

std::string percent_decoded(const std::string& s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

class Vetting {
public:
    explicit Vetting(const SchemaDocuments& documents) : documents_(documents) {}

    void walk(const std::string& doc, const Json& node)
    {
        if (node.is_array()) {
            for (const Json& e : node) {
                walk(doc, e);
            }
            return;
        }
        if (!node.is_object()) {
            return;
        }
        for (auto it = node.begin(); it != node.end(); ++it) {
            const std::string& key = it.key();
            if (holds_data(key)) {
                continue;
            }
            if (key == "pattern" && it.value().is_string()) {
                shared_pattern(it.value().get<std::string>());
            } else if (key == "patternProperties" && it.value().is_object()) {
                for (auto p = it.value().begin(); p != it.value().end(); ++p) {
                    shared_pattern(p.key());
                }
            } else if (key == "$ref" && it.value().is_string()) {
                follow(doc, it.value().get<std::string>());
                continue;
            }
            if (holds_schema_map(key) && it.value().is_object()) {
                for (auto m = it.value().begin(); m != it.value().end(); ++m) {
                    walk(doc, m.value());
                }
            } else {
                walk(doc, it.value());
            }
        }
    }

private:
    // The schemas that apply to the same value as node does.
    void in_place(const std::string& doc, const Json& node)
    {
        if (!node.is_object()) {
            return;
        }
        if (auto ref = node.find("$ref"); ref != node.end() && ref->is_string()) {
            follow(doc, ref->get<std::string>()); // its siblings are ignored
            return;
        }
        for (const char* key : {"allOf", "anyOf", "oneOf"}) {
            if (auto list = node.find(key); list != node.end() && list->is_array()) {
                for (const Json& e : *list) {
                    in_place(doc, e);
                }
            }
        }
        for (const char* key : {"not", "if", "then", "else"}) {
            if (auto sub = node.find(key); sub != node.end()) {
                in_place(doc, *sub);
            }
        }
        if (auto deps = node.find("dependencies"); deps != node.end() && deps->is_object()) {
            for (const Json& d : *deps) {
                in_place(doc, d);
            }
        }
    }

    void follow(const std::string& doc, const std::string& ref)
    {
        const std::string target_doc = ref.empty() || ref.front() == '#' ? doc : without_fragment(ref);
        const std::string key = target_doc + ref.substr(std::min(ref.find('#'), ref.size()));
        if (done_.count(key) != 0) {
            return;
        }
        if (auto again = std::find(chain_.begin(), chain_.end(), key); again != chain_.end()) {
            std::string cycle;
            for (auto it = again; it != chain_.end(); ++it) {
                cycle += "\"" + shorten(*it) + "\" -> ";
            }
            throw Error(Exit::usage, say("the schema's $ref {}\"{}\" leads back to itself without going deeper into "
                                         "the record: checking would never end",
                                         cycle, shorten(key)));
        }
        const Json* target = ref_target(documents_, doc, ref);
        if (target == nullptr) {
            if (documents_.count(target_doc) == 0) {
                throw Error(Exit::usage, say("the schema refers to {}, in another document: casebook reads only the "
                                             "schema file itself",
                                             shorten(ref)));
            }
            throw Error(Exit::usage, say("the schema refers to {}, which it does not define", shorten(ref)));
        }
        chain_.push_back(key);
        in_place(target_doc, *target);
        chain_.pop_back();
        done_.insert(key);
    }

    const SchemaDocuments& documents_;
    std::vector<std::string> chain_; // the $refs being followed in place, outermost first
    std::set<std::string> done_;     // $refs followed to the end without a cycle
};

} // namespace

const Json* ref_target(const SchemaDocuments& documents, const std::string& doc_uri, const std::string& ref)
{
    const std::size_t hash = ref.find('#');
    auto doc = documents.find(hash == 0 ? doc_uri : without_fragment(ref));
    if (doc == documents.end()) {
        return nullptr;
    }
    const std::string fragment = hash == std::string::npos ? "" : percent_decoded(ref.substr(hash + 1));
    try {
        const Json::json_pointer pointer(fragment);
        return doc->second.contains(pointer) ? &doc->second.at(pointer) : nullptr;
    } catch (const Json::exception&) {
        return nullptr;
    }
}

void vet_schema(const SchemaDocuments& documents)
{
    Vetting vetting(documents);
    for (const auto& [uri, document] : documents) {
        vetting.walk(uri, document);
    }
}

} // namespace casebook
