#include "engine/bundle/bundle.h"

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include <nlohmann/json.hpp>

#include <ctime>
#include <memory>
#include <set>

namespace loom::engine::bundle {

using common::Result;
using common::Status;
using nlohmann::json;

namespace {

struct ReadFree {
    void operator()(archive* a) const { archive_read_free(a); }
};
struct WriteFree {
    void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryFree {
    void operator()(archive_entry* e) const { archive_entry_free(e); }
};

// libarchive's reason, which it does not always give (a null string: found by the fuzzer on an
// archive whose first block fails to open).
std::string errorOf(archive* a) {
    const char* text = archive_error_string(a);
    return text ? text : "unknown error";
}

Status refused(const std::string& what) {
    return common::invalidArgument("bundle", what);
}

// "2026-12-01T05:10:00Z" as a time; 0 when it is not one.
time_t timeOf(const std::string& rfc3339) {
    std::tm tm{};
    if (!strptime(rfc3339.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return 0;
    return timegm(&tm);
}

la_ssize_t appendTo(archive*, void* out, const void* data, size_t size) {
    static_cast<std::string*>(out)->append(static_cast<const char*>(data), size);
    return static_cast<la_ssize_t>(size);
}

Status writeMember(archive* a, const std::string& path, const std::string& data, time_t mtime) {
    std::unique_ptr<archive_entry, EntryFree> entry(archive_entry_new());
    archive_entry_set_pathname(entry.get(), path.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    const bool script = path.size() > 3 && path.compare(path.size() - 3, 3, ".sh") == 0;
    archive_entry_set_perm(entry.get(), script ? 0755 : 0644);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(data.size()));
    archive_entry_set_mtime(entry.get(), mtime, 0);
    archive_entry_set_uname(entry.get(), "root");
    archive_entry_set_gname(entry.get(), "root");
    if (archive_write_header(a, entry.get()) != ARCHIVE_OK)
        return common::internal("writing " + path + ": " + errorOf(a));
    if (!data.empty() &&
        archive_write_data(a, data.data(), data.size()) != static_cast<la_ssize_t>(data.size()))
        return common::internal("writing " + path + ": " + errorOf(a));
    return {};
}

bool isHex64(const std::string& s) {
    if (s.size() != 64) return false;
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

}  // namespace

std::string sha256Hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
    static const char* kHex = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (unsigned i = 0; i < size; ++i) {
        out.push_back(kHex[digest[i] >> 4]);
        out.push_back(kHex[digest[i] & 15]);
    }
    return out;
}

Status checkMemberPath(const std::string& path) {
    const std::string shown = "\"" + path.substr(0, 80) + "\"";
    if (path.empty()) return refused("a member has an empty path");
    if (path.size() > 255) return refused("member " + shown + "...: its path is too long");
    if (path.front() == '/') return refused("member " + shown + ": an absolute path");
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        const std::string part = path.substr(start, end - start);
        if (part == "..") return refused("member " + shown + ": its path leaves the bundle (..)");
        if (part.empty() || part == ".")
            return refused("member " + shown + ": its path has an empty or \".\" part");
        for (char c : part) {
            const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                               (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            if (!plain)
                return refused("member " + shown +
                               ": its path may hold only letters, digits, '.', '_', '-' and '/'");
        }
        start = end + 1;
    }
    return {};
}

std::string manifestJson(const Manifest& m) {
    json o = json::object();
    o["format"] = m.format;
    o["loom_version"] = m.loomVersion;
    o["created"] = m.created;
    o["source"] = m.source;
    o["origin"] = m.origin;
    o["sha256"] = m.sha256;
    return o.dump(2) + "\n";
}

Result<Manifest> manifestFromJson(const std::string& text) {
    json o = json::parse(text, nullptr, false);
    if (o.is_discarded() || !o.is_object()) return refused("manifest.json is not valid JSON");
    auto format = o.find("format");
    if (format == o.end() || !format->is_number_integer())
        return refused("manifest.json: \"format\" is missing or not a number");
    Manifest m;
    m.format = format->get<int>();
    if (m.format != kBundleFormat) {
        return refused("bundle format " + std::to_string(m.format) +
                       (m.format > kBundleFormat ? " is newer than" : " is not one") +
                       " this Loom reads (format " + std::to_string(kBundleFormat) +
                       "): use a newer Loom to import it");
    }
    static const std::set<std::string> kFields = {"format", "loom_version", "created",
                                                  "source", "origin",       "sha256"};
    for (const auto& [key, value] : o.items()) {
        if (!kFields.count(key)) return refused("manifest.json: unknown field \"" + key + "\"");
        if (key != "format" && key != "sha256" && !value.is_string())
            return refused("manifest.json: \"" + key + "\" is not a string");
    }
    m.loomVersion = o.value("loom_version", "");
    m.created = o.value("created", "");
    m.source = o.value("source", "");
    m.origin = o.value("origin", "");
    if (m.source != "design" && m.source != "live")
        return refused("manifest.json: \"source\" must be \"design\" or \"live\"");
    auto sums = o.find("sha256");
    if (sums == o.end() || !sums->is_object())
        return refused("manifest.json: \"sha256\" is missing or not an object");
    for (const auto& [path, sum] : sums->items()) {
        LOOM_RETURN_IF_ERROR(checkMemberPath(path));
        if (!sum.is_string() || !isHex64(sum.get<std::string>()))
            return refused("manifest.json: the checksum of " + path +
                           " is not 64 lower-case hex digits");
        m.sha256[path] = sum.get<std::string>();
    }
    if (!m.sha256.count(kTopologyPath)) return refused("manifest.json does not list topology.json");
    return m;
}

Result<std::string> writeBundle(const Bundle& bundle) {
    Manifest manifest = bundle.manifest;
    manifest.format = kBundleFormat;
    manifest.sha256.clear();
    for (const auto& [path, data] : bundle.members) {
        LOOM_RETURN_IF_ERROR(checkMemberPath(path));
        if (path == kManifestPath) return refused("manifest.json is written by the bundle itself");
        manifest.sha256[path] = sha256Hex(data);
    }
    std::string out;
    std::unique_ptr<archive, WriteFree> a(archive_write_new());
    if (archive_write_add_filter_gzip(a.get()) != ARCHIVE_OK ||
        archive_write_set_format_pax_restricted(a.get()) != ARCHIVE_OK ||
        // No time in the gzip header: the same bundle gives the same bytes.
        archive_write_set_options(a.get(), "gzip:!timestamp") != ARCHIVE_OK ||
        // Not padded to tar's 10 KiB blocks after compression: the file ends with the stream.
        archive_write_set_bytes_in_last_block(a.get(), 1) != ARCHIVE_OK ||
        archive_write_open(a.get(), &out, nullptr, appendTo, nullptr) != ARCHIVE_OK) {
        return common::internal("starting the archive: " + errorOf(a.get()));
    }
    const time_t mtime = timeOf(manifest.created);
    LOOM_RETURN_IF_ERROR(writeMember(a.get(), kManifestPath, manifestJson(manifest), mtime));
    for (const auto& [path, data] : bundle.members)
        LOOM_RETURN_IF_ERROR(writeMember(a.get(), path, data, mtime));
    if (archive_write_close(a.get()) != ARCHIVE_OK)
        return common::internal("closing the archive: " + errorOf(a.get()));
    return out;
}

Result<Bundle> readBundle(std::string_view data, const Limits& limits) {
    if (data.size() > limits.maxArchiveBytes) {
        return refused("the archive is " + std::to_string(data.size()) + " bytes, over the " +
                       std::to_string(limits.maxArchiveBytes) + " a bundle may have");
    }
    std::unique_ptr<archive, ReadFree> a(archive_read_new());
    archive_read_support_filter_gzip(a.get());
    archive_read_support_format_tar(a.get());
    if (archive_read_open_memory(a.get(), data.data(), data.size()) != ARCHIVE_OK)
        return refused("not a .tar.gz: " + errorOf(a.get()));
    std::map<std::string, std::string> members;
    size_t total = 0, count = 0;
    archive_entry* entry = nullptr;
    std::string buffer(64 * 1024, '\0');
    for (;;) {
        const int r = archive_read_next_header(a.get(), &entry);
        if (r == ARCHIVE_EOF) break;
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
            return refused("not a readable .tar.gz: " + errorOf(a.get()));
        if (archive_filter_code(a.get(), 0) != ARCHIVE_FILTER_GZIP)
            return refused("the archive is not gzip-compressed (a bundle is a .tar.gz)");
        if (++count > limits.maxMembers) {
            return refused("the archive has more than " + std::to_string(limits.maxMembers) +
                           " members");
        }
        const char* name = archive_entry_pathname(entry);
        std::string path = name ? name : "";
        const auto type = archive_entry_filetype(entry);
        const bool dir = type == AE_IFDIR;
        if (dir && !path.empty() && path.back() == '/') path.pop_back();
        LOOM_RETURN_IF_ERROR(checkMemberPath(path));
        if (archive_entry_hardlink(entry))
            return refused("member \"" + path + "\" is a hard link (only files are allowed)");
        if (dir) continue;
        if (type != AE_IFREG) {
            const char* kind = type == AE_IFLNK    ? "a symbolic link"
                               : type == AE_IFCHR  ? "a character device"
                               : type == AE_IFBLK  ? "a block device"
                               : type == AE_IFIFO  ? "a FIFO"
                               : type == AE_IFSOCK ? "a socket"
                                                   : "not a regular file";
            return refused("member \"" + path + "\" is " + kind + " (only files are allowed)");
        }
        if (members.count(path)) return refused("member \"" + path + "\" is in the archive twice");
        if (archive_entry_size_is_set(entry) &&
            static_cast<uint64_t>(archive_entry_size(entry)) > limits.maxMemberBytes) {
            return refused("member \"" + path + "\" is " +
                           std::to_string(archive_entry_size(entry)) + " bytes, over the " +
                           std::to_string(limits.maxMemberBytes) + " a member may have");
        }
        std::string content;
        for (;;) {
            const la_ssize_t n = archive_read_data(a.get(), buffer.data(), buffer.size());
            if (n < 0) return refused("member \"" + path + "\": " + errorOf(a.get()));
            if (n == 0) break;
            content.append(buffer.data(), static_cast<size_t>(n));
            total += static_cast<size_t>(n);
            // Counted as it is unpacked: a member or an archive that says less than it holds is
            // stopped here, not after.
            if (content.size() > limits.maxMemberBytes)
                return refused("member \"" + path + "\" is over the " +
                               std::to_string(limits.maxMemberBytes) + " bytes a member may have");
            if (total > limits.maxTotalBytes)
                return refused("the archive unpacks to more than " +
                               std::to_string(limits.maxTotalBytes) + " bytes (at member \"" +
                               path + "\")");
        }
        members.emplace(std::move(path), std::move(content));
    }

    auto manifestAt = members.find(kManifestPath);
    if (manifestAt == members.end()) return refused("manifest.json is missing");
    auto manifest = manifestFromJson(manifestAt->second);
    if (!manifest) return manifest.status();
    members.erase(manifestAt);
    for (const auto& [path, sum] : manifest->sha256) {
        auto m = members.find(path);
        if (m == members.end())
            return refused("member \"" + path + "\" is listed in manifest.json but missing");
        if (sha256Hex(m->second) != sum)
            return refused("member \"" + path + "\" does not match its checksum in manifest.json");
    }
    for (const auto& [path, content] : members) {
        if (!manifest->sha256.count(path))
            return refused("member \"" + path + "\" is not listed in manifest.json");
    }
    Bundle b;
    b.manifest = std::move(*manifest);
    b.members = std::move(members);
    return b;
}

Result<Topology> topologyOf(const Bundle& bundle) {
    auto member = bundle.members.find(kTopologyPath);
    if (member == bundle.members.end()) return refused("topology.json is missing");
    auto t = topologyFromJson(member->second);
    if (!t) return t.status().withContext(kTopologyPath);
    LOOM_RETURN_IF_ERROR(checkTopology(*t).withContext(kTopologyPath));
    return t;
}

}  // namespace loom::engine::bundle
