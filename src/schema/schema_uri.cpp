// "$id" and "$ref" (draft-07 section 8): every reference made absolute, or
// local to its document, so that the validator needs no notion of base URIs.
#include "schema/schema_uri.hpp"

#include <optional>

#include "json/pointer_path.hpp"

namespace casebook {

namespace {

// The five parts of a URI reference (RFC 3986 section 3); a part left out is not the same as an empty one.
struct UriParts {
    std::optional<std::string> scheme, authority, query, fragment;
    std::string path;
};

UriParts split_uri(const std::string& s)
{
    UriParts u;
    std::size_t i = 0;
    const std::size_t scheme_end = s.find_first_of(":/?#");
    if (scheme_end != std::string::npos && scheme_end > 0 && s[scheme_end] == ':') {
        u.scheme = s.substr(0, scheme_end);
        i = scheme_end + 1;
    }
    if (s.compare(i, 2, "//") == 0) {
        const std::size_t end = s.find_first_of("/?#", i + 2);
        u.authority = s.substr(i + 2, end == std::string::npos ? std::string::npos : end - i - 2);
        i = end == std::string::npos ? s.size() : end;
    }
    const std::size_t path_end = std::min(s.find_first_of("?#", i), s.size());
    u.path = s.substr(i, path_end - i);
    i = path_end;
    if (i < s.size() && s[i] == '?') {
        const std::size_t end = std::min(s.find('#', i), s.size());
        u.query = s.substr(i + 1, end - i - 1);
        i = end;
    }
    if (i < s.size() && s[i] == '#') {
        u.fragment = s.substr(i + 1);
    }
    return u;
}

// RFC 3986 section 5.2.4: "a/./b/../c" is "a/c".
std::string remove_dot_segments(std::string in)
{
    std::string out;
    while (!in.empty()) {
        if (in.rfind("../", 0) == 0) {
            in.erase(0, 3);
        } else if (in.rfind("./", 0) == 0) {
            in.erase(0, 2);
        } else if (in.rfind("/./", 0) == 0) {
            in.erase(0, 2);
        } else if (in == "/.") {
            in = "/";
        } else if (in.rfind("/../", 0) == 0 || in == "/..") {
            in = in == "/.." ? "/" : in.substr(3);
            const std::size_t last = out.rfind('/');
            out.erase(last == std::string::npos ? 0 : last);
        } else if (in == "." || in == "..") {
            in.clear();
        } else {
            const std::size_t next = in.find('/', 1);
            out += in.substr(0, next);
            in.erase(0, next == std::string::npos ? in.size() : next);
        }
    }
    return out;
}

std::string join_uri(const UriParts& u)
{
    std::string s;
    if (u.scheme) {
        s += *u.scheme + ":";
    }
    if (u.authority) {
        s += "//" + *u.authority;
    }
    s += u.path;
    if (u.query) {
        s += "?" + *u.query;
    }
    if (u.fragment) {
        s += "#" + *u.fragment;
    }
    return s;
}

// A JSON Pointer as a URI fragment: '%' is the one character a reader would decode.
std::string as_fragment(const std::string& pointer)
{
    std::string out;
    for (char c : pointer) {
        out += c == '%' ? std::string("%25") : std::string(1, c);
    }
    return out;
}

// Walks the schemas of a document, each with the base URI in force there.
class IdWalk {
public:
    IdWalk(std::map<std::string, std::string>& ids, bool rewrite) : ids_(ids), rewrite_(rewrite) {}

    void walk(Json& node, const std::string& pointer, std::string base)
    {
        if (node.is_array()) {
            for (std::size_t i = 0; i < node.size(); ++i) {
                walk(node[i], pointer + "/" + std::to_string(i), base);
            }
            return;
        }
        if (!node.is_object()) {
            return;
        }
        const bool is_ref = node.contains("$ref") && node["$ref"].is_string();
        if (auto id = node.find("$id"); id != node.end() && id->is_string()) {
            if (!is_ref) { // draft-07 ignores the siblings of a "$ref", its "$id" too
                base = resolve_uri(base, id->get<std::string>());
                const std::string fragment = split_uri(base).fragment.value_or("");
                ids_.emplace(fragment.empty() || fragment.front() == '/' ? without_fragment(base) : base, pointer);
            }
            if (rewrite_) {
                node.erase("$id");
            }
        }
        if (is_ref && rewrite_) {
            node["$ref"] = rewritten(base, node["$ref"].get<std::string>());
        }
        for (auto it = node.begin(); it != node.end(); ++it) {
            const std::string& key = it.key();
            const std::string at = pointer + "/" + pointer_escape(key);
            if (holds_data(key) || (key == "$ref" && it->is_string())) {
                continue;
            }
            if (holds_schema_map(key) && it->is_object()) {
                for (auto m = it->begin(); m != it->end(); ++m) {
                    walk(m.value(), at + "/" + pointer_escape(m.key()), base);
                }
            } else {
                walk(it.value(), at, base);
            }
        }
    }

private:
    std::string rewritten(const std::string& base, const std::string& ref) const
    {
        const std::string target = resolve_uri(base, ref);
        if (auto named = ids_.find(target); named != ids_.end()) {
            return "#" + as_fragment(named->second);
        }
        const std::string fragment = split_uri(target).fragment.value_or("");
        if (auto doc = ids_.find(without_fragment(target)); doc != ids_.end() && (fragment.empty() || fragment.front() == '/')) {
            return "#" + as_fragment(doc->second) + fragment;
        }
        return target;
    }

    std::map<std::string, std::string>& ids_;
    bool rewrite_;
};

} // namespace

std::string resolve_uri(const std::string& base, const std::string& ref)
{
    const UriParts r = split_uri(ref);
    if (r.scheme) {
        UriParts t = r;
        t.path = remove_dot_segments(r.path);
        return join_uri(t);
    }
    const UriParts b = split_uri(base);
    UriParts t;
    t.scheme = b.scheme;
    t.fragment = r.fragment;
    if (r.authority) {
        t.authority = r.authority;
        t.path = remove_dot_segments(r.path);
        t.query = r.query;
        return join_uri(t);
    }
    t.authority = b.authority;
    if (r.path.empty()) {
        t.path = b.path;
        t.query = r.query ? r.query : b.query;
        return join_uri(t);
    }
    if (r.path.front() == '/') {
        t.path = remove_dot_segments(r.path);
    } else if (b.authority && b.path.empty()) {
        t.path = remove_dot_segments("/" + r.path);
    } else {
        const std::size_t slash = b.path.rfind('/');
        t.path = remove_dot_segments((slash == std::string::npos ? "" : b.path.substr(0, slash + 1)) + r.path);
    }
    t.query = r.query;
    return join_uri(t);
}

std::string without_fragment(const std::string& uri)
{
    return uri.substr(0, uri.find('#'));
}

bool holds_data(const std::string& keyword)
{
    return keyword == "enum" || keyword == "const" || keyword == "default" || keyword == "examples";
}

bool holds_schema_map(const std::string& keyword)
{
    return keyword == "properties" || keyword == "patternProperties" || keyword == "definitions" ||
           keyword == "dependencies";
}

void absolutise_refs(Json& document, const std::string& doc_uri)
{
    std::map<std::string, std::string> ids; // URI (without an empty fragment) -> JSON Pointer in the document
    ids.emplace(without_fragment(doc_uri), "");
    IdWalk(ids, false).walk(document, "", doc_uri);
    IdWalk(ids, true).walk(document, "", doc_uri);
}

} // namespace casebook
