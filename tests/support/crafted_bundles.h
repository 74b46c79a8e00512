#pragma once

// Archives made by hand with libarchive, as an attacker or a broken tool would make them, and
// the refusals every reader of bundles (the library, `loomctl bundle`, the engine's PlanBundle
// and ApplyBundle) must give for them. Header-only: its users link libarchive themselves.
#include <archive.h>
#include <archive_entry.h>

#include <string>
#include <vector>

#include "engine/bundle/bundle.h"

namespace loom::test::crafted {

// Any entry a tar can hold.
struct Entry {
    std::string path;
    std::string data;
    unsigned type = AE_IFREG;
    std::string link;  // a symbolic link's target, or a hard link's
    bool hardlink = false;
};

inline std::string craft(const std::vector<Entry>& entries, bool gzip = true) {
    std::string out;
    archive* a = archive_write_new();
    if (gzip) archive_write_add_filter_gzip(a);
    archive_write_set_format_pax_restricted(a);
    archive_write_open(
        a, &out, nullptr,
        [](archive*, void* o, const void* d, size_t n) -> la_ssize_t {
            static_cast<std::string*>(o)->append(static_cast<const char*>(d), n);
            return static_cast<la_ssize_t>(n);
        },
        nullptr);
    for (const auto& e : entries) {
        archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, e.path.c_str());
        archive_entry_set_filetype(entry, e.type);
        archive_entry_set_perm(entry, 0644);
        if (e.type == AE_IFLNK) archive_entry_set_symlink(entry, e.link.c_str());
        if (e.hardlink) archive_entry_set_hardlink(entry, e.link.c_str());
        archive_entry_set_size(
            entry, e.type == AE_IFREG && !e.hardlink ? static_cast<la_int64_t>(e.data.size()) : 0);
        archive_write_header(a, entry);
        if (!e.data.empty() && e.type == AE_IFREG)
            archive_write_data(a, e.data.data(), e.data.size());
        archive_entry_free(entry);
    }
    archive_write_close(a);
    archive_write_free(a);
    return out;
}

// A manifest for these members, as writeBundle makes it (then changed by a case).
inline std::string manifestFor(const std::vector<Entry>& members,
                               int format = engine::bundle::kBundleFormat) {
    engine::bundle::Manifest m;
    m.format = format;
    m.loomVersion = "0.1.0";
    m.created = "2026-12-01T05:00:00Z";
    m.source = "live";
    m.origin = "h1";
    for (const auto& e : members) m.sha256[e.path] = engine::bundle::sha256Hex(e.data);
    return engine::bundle::manifestJson(m);  // the reader is what refuses a format
}

inline std::vector<Entry> withManifest(std::vector<Entry> members) {
    members.insert(members.begin(), {engine::bundle::kManifestPath, manifestFor(members)});
    return members;
}

struct Refusal {
    const char* what;
    std::string archive;
    const char* says;  // a part of the error
};

// Every refusal at the default limits, made from `good` (members of a sound bundle, the
// manifest left out, README.md last).
inline std::vector<Refusal> refusals(const std::vector<Entry>& good) {
    const char* manifest = engine::bundle::kManifestPath;
    auto withExtra = [&](const Entry& e) {
        auto m = withManifest(good);
        m.push_back(e);
        return craft(m);
    };
    std::vector<Refusal> cases;
    {
        auto m = good;
        m.insert(m.begin(), {manifest, manifestFor(m, engine::bundle::kBundleFormat + 1)});
        cases.push_back({"newer format", craft(m), "is newer"});
    }
    {
        auto m = withManifest(good);
        m.back().data += "tampered";
        cases.push_back({"checksum", craft(m), "does not match its checksum"});
    }
    {
        auto m = withManifest(good);
        m.pop_back();
        cases.push_back({"missing", craft(m), "is listed in manifest.json but missing"});
    }
    cases.push_back({"extra", withExtra({"extra.txt", "x"}), "\"extra.txt\" is not listed"});
    cases.push_back({"no manifest", craft(good), "manifest.json is missing"});
    {
        auto m = good;
        m.insert(m.begin(), {manifest, "{\"format\": 1, "});
        cases.push_back({"manifest not JSON", craft(m), "manifest.json is not valid JSON"});
    }
    cases.push_back({"absolute", withExtra({"/etc/passwd", "x"}), "an absolute path"});
    cases.push_back({"climbs out", withExtra({"hosts/../../x", "x"}), "leaves the bundle"});
    cases.push_back({"symlink", withExtra({"hosts/h1/link", "", AE_IFLNK, "/etc/shadow"}),
                     "is a symbolic link"});
    cases.push_back({"hard link", withExtra({"hosts/h1/hard", "", AE_IFREG, "README.md", true}),
                     "is a hard link"});
    cases.push_back({"fifo", withExtra({"fifo", "", AE_IFIFO}), "is a FIFO"});
    cases.push_back({"device", withExtra({"dev", "", AE_IFCHR}), "is a character device"});
    cases.push_back({"not gzip", craft(withManifest(good), false), "not gzip"});
    cases.push_back({"not an archive", std::string("hello, this is not a bundle"), "not a"});
    cases.push_back(
        {"twice", withExtra({"README.md", "again"}), "\"README.md\" is in the archive twice"});
    cases.push_back({"odd characters", withExtra({"hosts/h1/a b", "x"}), "may hold only"});
    return cases;
}

}  // namespace loom::test::crafted
