// loom-mangen: a man page from a program's --help, so that the page cannot drift from it.
//
//   loom-mangen TEMPLATE OUTPUT VERSION -- PROGRAM [ARGS...]
//
// Runs PROGRAM ARGS (its --help), turns what it prints into roff and writes TEMPLATE to OUTPUT
// with @SYNOPSIS@, @SUMMARY@ (the paragraph after the usage line), @HELP@ (the rest) and
// @VERSION@ replaced. The help is read as our programs write it:
//   usage: NAME ...            the synopsis
//   Text.                      a paragraph          Heading:   a subsection
//     TERM    DESCRIPTION      an entry; lines indented less than the descriptions' column
//             more text        continue the term, lines at that column the description
// The descriptions' column is the one most entries use. Build-time only; not installed.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

size_t indentOf(const std::string& s) {
    size_t n = s.find_first_not_of(' ');
    return n == std::string::npos ? s.size() : n;
}

// Where the first run of two or more spaces after `from` ends (the description's start), or
// npos.
size_t gapEnd(const std::string& s, size_t from) {
    size_t gap = s.find("  ", from);
    if (gap == std::string::npos) return gap;
    size_t end = s.find_first_not_of(' ', gap);
    return end;
}

std::string escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\\') {
            out += "\\e";
        } else if (c == '-') {
            out += "\\-";
        } else {
            out += c;
        }
    }
    if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
    return out;
}

// A term's words: flags and commands bold, placeholders (upper case) italic, brackets plain.
std::string formatTerm(const std::string& term) {
    std::istringstream in(term);
    std::string word, out;
    const std::string plain = "[]()|.,=<>";
    while (in >> word) {
        if (!out.empty()) out += ' ';
        size_t b = 0;
        while (b < word.size() && plain.find(word[b]) != std::string::npos) ++b;
        size_t e = word.size();
        while (e > b && plain.find(word[e - 1]) != std::string::npos) --e;
        std::string core = word.substr(b, e - b);
        out += escape(word.substr(0, b));
        if (!core.empty()) {
            bool placeholder = std::isupper(static_cast<unsigned char>(core[0])) != 0 ||
                               word.substr(0, b).find('<') != std::string::npos;
            out += (placeholder ? "\\fI" : "\\fB") + escape(core) + "\\fR";
        }
        out += escape(word.substr(e));
    }
    return out;
}

struct Entry {
    std::string term, description;
};

std::string convert(const std::vector<std::string>& lines, std::string* synopsis,
                    std::string* summary) {
    // The descriptions' column: the commonest start of a description on an entry's first line.
    std::map<size_t, int> starts;
    for (const auto& l : lines) {
        size_t indent = indentOf(l);
        if (indent == 0 || indent > 4 || indent == l.size()) continue;
        size_t d = gapEnd(l, indent);
        if (d != std::string::npos) ++starts[d];
    }
    size_t column = 0;
    int most = 0;
    for (const auto& [c, n] : starts) {
        if (n > most) {
            most = n;
            column = c;
        }
    }

    std::string out;
    std::vector<Entry> entries;
    auto flush = [&] {
        for (const auto& e : entries) {
            out += ".TP\n" + formatTerm(e.term) + "\n";
            if (!e.description.empty()) out += escape(e.description) + "\n";
        }
        entries.clear();
    };
    bool paragraph = false;   // inside a paragraph's lines
    bool afterUsage = false;  // in the paragraph after the usage line
    for (const auto& l : lines) {
        size_t indent = indentOf(l);
        if (indent == l.size()) {  // blank
            flush();
            if (!summary->empty()) afterUsage = false;
            paragraph = false;
            continue;
        }
        std::string text = l.substr(indent);
        if (indent == 0) {
            flush();
            if (text.rfind("usage: ", 0) == 0 || text.rfind("Usage: ", 0) == 0) {
                *synopsis = text.substr(7);
                afterUsage = true;
                continue;
            }
            if (afterUsage && (out.empty() || !summary->empty()) && text.back() != ':') {
                // The paragraph right after the usage line: what the program is.
                *summary += (summary->empty() ? "" : " ") + text;
                continue;
            }
            afterUsage = false;
            if (text.back() == ':') {
                out += ".SS \"" + escape(text.substr(0, text.size() - 1)) + "\"\n";
                paragraph = false;
                continue;
            }
            if (!paragraph) out += ".PP\n";
            out += escape(text) + "\n";
            paragraph = true;
            continue;
        }
        afterUsage = false;
        if (indent <= 4 || entries.empty()) {
            Entry e;
            size_t d = gapEnd(l, indent);
            e.term = l.substr(indent, d == std::string::npos ? std::string::npos : d - indent);
            if (d != std::string::npos) e.description = l.substr(d);
            entries.push_back(e);
            continue;
        }
        Entry& e = entries.back();
        if (column != 0 && indent >= column) {
            e.description += (e.description.empty() ? "" : " ") + text;
            continue;
        }
        size_t d = gapEnd(l, indent);
        e.term += " " + l.substr(indent, d == std::string::npos ? std::string::npos : d - indent);
        if (d != std::string::npos) {
            e.description += (e.description.empty() ? "" : " ") + l.substr(d);
        }
    }
    flush();
    // Trailing spaces of joined text are nothing to roff; strip them per line.
    std::string clean;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && line.back() == ' ') line.pop_back();
        clean += line + "\n";
    }
    return clean;
}

void replaceAll(std::string* s, const std::string& from, const std::string& to) {
    for (size_t at = s->find(from); at != std::string::npos; at = s->find(from, at + to.size())) {
        s->replace(at, from.size(), to);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 6 || std::string(argv[4]) != "--") {
        std::fprintf(stderr, "usage: loom-mangen TEMPLATE OUTPUT VERSION -- PROGRAM [ARGS...]\n");
        return 2;
    }
    std::string command;
    for (int i = 5; i < argc; ++i) command += std::string(i > 5 ? " " : "") + "'" + argv[i] + "'";
    FILE* p = ::popen(command.c_str(), "r");
    if (!p) {
        std::perror("loom-mangen: popen");
        return 1;
    }
    std::string help;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) help.append(buf, n);
    int status = ::pclose(p);
    if (status != 0 || help.empty()) {
        std::fprintf(stderr, "loom-mangen: %s failed or printed nothing\n", command.c_str());
        return 1;
    }
    std::vector<std::string> lines;
    std::istringstream in(help);
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    std::string synopsis, summary;
    std::string body = convert(lines, &synopsis, &summary);
    // The usage line names the program as it was started (maybe a build path): its own name.
    std::string program = argv[5];
    program = program.substr(program.rfind('/') + 1);
    synopsis = program + synopsis.substr(std::min(synopsis.find(' '), synopsis.size()));

    std::ifstream t(argv[1]);
    if (!t) {
        std::fprintf(stderr, "loom-mangen: cannot read %s\n", argv[1]);
        return 1;
    }
    std::stringstream ss;
    ss << t.rdbuf();
    std::string page = ss.str();
    replaceAll(&page, "@SYNOPSIS@", formatTerm(synopsis));
    replaceAll(&page, "@HELP@", body);
    replaceAll(&page, "@SUMMARY@", escape(summary));
    replaceAll(&page, "@VERSION@", argv[3]);
    std::ofstream o(argv[2]);
    o << page;
    if (!o) {
        std::fprintf(stderr, "loom-mangen: cannot write %s\n", argv[2]);
        return 1;
    }
    return 0;
}
