#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "engine/bundle/topology.h"
#include "engine/common/status.h"

// A config bundle: one .tar.gz (written and read with libarchive) holding `manifest.json` and
// the members it lists with their SHA-256: `topology.json` (topology.h) and, per host, the files
// that rebuild that host's part without Loom. Reading checks everything before anything is
// used, and stops at the first problem with an error that names the member: a format it does
// not know, a checksum that does not match, a member missing or not listed, a path that is
// absolute, climbs out (`..`) or is not plain, anything but regular files and directories
// (links, devices, FIFOs), and sizes over the limits, counted while decompressing (a bomb is
// stopped when it crosses a limit, not after).
namespace loom::engine::bundle {

constexpr int kBundleFormat = 1;
constexpr const char* kManifestPath = "manifest.json";
constexpr const char* kTopologyPath = "topology.json";

struct Limits {
    size_t maxArchiveBytes = size_t{64} << 20;  // the .tar.gz as handed over
    size_t maxMemberBytes = size_t{8} << 20;    // one member, unpacked
    size_t maxTotalBytes = size_t{128} << 20;   // every member, unpacked
    size_t maxMembers = 20000;
};

struct Manifest {
    int format = kBundleFormat;
    std::string loomVersion;
    std::string created;  // RFC 3339, UTC
    std::string source;   // "design" or "live"
    std::string origin;   // the design's file name, or the host whose engine exported it
    std::map<std::string, std::string> sha256;  // every other member, lower-case hex
    bool operator==(const Manifest&) const = default;
};

struct Bundle {
    Manifest manifest;
    std::map<std::string, std::string> members;  // every member but the manifest, by path
};

// The archive: the manifest first (its checksums filled in from the members), then the members
// in order of path; scripts (*.sh) executable. The same bundle gives the same bytes.
common::Result<std::string> writeBundle(const Bundle& bundle);
common::Result<Bundle> readBundle(std::string_view archive, const Limits& limits = {});

// The manifest's JSON (keys sorted), and back, with its checks (format, fields, checksums'
// form).
std::string manifestJson(const Manifest& m);
common::Result<Manifest> manifestFromJson(const std::string& text);

// A path a member may have: relative, plain components ([A-Za-z0-9._-], not "." or ".."),
// no empty component, at most 255 bytes. The reason when it may not.
common::Status checkMemberPath(const std::string& path);

std::string sha256Hex(std::string_view data);

// A manifest made now by this Loom: `source` "design" or "live"; checksums are filled in when
// the bundle is written.
Manifest newManifest(const std::string& source, const std::string& origin);
// The bundle's own README.md: what is in it and what to do with it, for whoever receives it.
std::string readmeOf(const Manifest& m, const Topology& t);

// A design as a bundle, made now (its topology, README and manifest): refused, with the rule it
// breaks, for a topology that breaks one. loomctl and the console both make theirs here.
common::Result<Bundle> designBundle(const Topology& t, const std::string& origin);

// The bundle's topology, read and checked by the engine's own rules (checkTopology); an error
// names topology.json and the field.
common::Result<Topology> topologyOf(const Bundle& bundle);

}  // namespace loom::engine::bundle
