#include "engine/api/caller.h"

#include <grp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <pwd.h>
#include <sys/socket.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "engine/api/peers.h"

namespace loom::engine::api {

namespace {

constexpr const char* kRoleKey = "loom-caller-role";
constexpr const char* kSubjectKey = "loom-caller-subject-bin";
constexpr const char* kNameKey = "loom-caller-name-bin";
constexpr const char* kSourceKey = "loom-caller-source-bin";
constexpr const char* kUidKey = "loom-caller-uid";

std::optional<gid_t> groupId(const char* name) {
    group g{};
    group* found = nullptr;
    std::vector<char> buf(16384);
    if (::getgrnam_r(name, &g, buf.data(), buf.size(), &found) != 0 || !found) return {};
    return found->gr_gid;
}

std::string userName(uid_t uid) {
    passwd p{};
    passwd* found = nullptr;
    std::vector<char> buf(16384);
    if (::getpwuid_r(uid, &p, buf.data(), buf.size(), &found) != 0 || !found) return {};
    return found->pw_name;
}

// The peer's supplementary groups as they were at connect() (SO_PEERGROUPS, Linux 4.13).
std::vector<gid_t> peerGroups(int fd) {
    std::vector<gid_t> groups(64);
    socklen_t len = groups.size() * sizeof(gid_t);
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups.data(), &len) != 0) {
        if (errno != ERANGE) return {};
        groups.resize(len / sizeof(gid_t));
        if (::getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups.data(), &len) != 0) return {};
    }
    groups.resize(len / sizeof(gid_t));
    return groups;
}

std::string metadataValue(const std::multimap<grpc::string_ref, grpc::string_ref>& md,
                          const char* key) {
    auto it = md.find(key);
    if (it == md.end()) return {};
    return std::string(it->second.data(), it->second.size());
}

std::string nameEntry(X509_NAME* name, int nid) {
    int i = X509_NAME_get_index_by_NID(name, nid, -1);
    if (i < 0) return {};
    ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
    unsigned char* utf8 = nullptr;
    int n = ASN1_STRING_to_UTF8(&utf8, data);
    if (n < 0) return {};
    std::string out(reinterpret_cast<char*>(utf8), n);
    OPENSSL_free(utf8);
    return out;
}

}  // namespace

Caller localCaller(int fd) {
    Caller c;
    c.local = true;
    ucred cred{};
    socklen_t len = sizeof(cred);
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
        c.subject = "an unknown local process";
        c.source = "local socket";
        return c;
    }
    c.uid = cred.uid;
    std::string user = userName(cred.uid);
    c.name = user.empty() ? "uid " + std::to_string(cred.uid) : user;
    c.subject = "uid " + std::to_string(cred.uid) + (user.empty() ? "" : " (" + user + ")");
    c.source = "local socket, pid " + std::to_string(cred.pid);
    std::vector<gid_t> groups = peerGroups(fd);
    groups.push_back(cred.gid);
    auto in = [&](const char* name) {
        auto gid = groupId(name);
        return gid && std::find(groups.begin(), groups.end(), *gid) != groups.end();
    };
    if (cred.uid == 0 || in(kOperatorGroup)) {
        c.role = Role::Operator;
    } else if (in(kViewerGroup)) {
        c.role = Role::Viewer;
    }
    return c;
}

Caller certificateCaller(const std::string& pem, const std::string& source) {
    Caller c;
    c.source = source;
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), pem.size()),
                                                  BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(
        bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr, X509_free);
    if (!cert) {
        c.subject = "an unreadable certificate";
        return c;
    }
    X509_NAME* subject = X509_get_subject_name(cert.get());
    std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), BIO_free);
    X509_NAME_print_ex(out.get(), subject, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* text = nullptr;
    long n = BIO_get_mem_data(out.get(), &text);
    c.subject.assign(text, n > 0 ? n : 0);
    c.name = nameEntry(subject, NID_commonName);
    if (c.name.empty()) c.name = c.subject;
    std::vector<std::string> units;
    for (int i = -1;
         (i = X509_NAME_get_index_by_NID(subject, NID_organizationalUnitName, i)) >= 0;) {
        ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i));
        unsigned char* utf8 = nullptr;
        int len = ASN1_STRING_to_UTF8(&utf8, data);
        if (len >= 0) {
            units.emplace_back(reinterpret_cast<char*>(utf8), len);
            OPENSSL_free(utf8);
        }
    }
    c.role = roleFromUnits(units);
    return c;
}

Caller engineCaller() {
    Caller c;
    c.role = Role::Operator;
    c.subject = c.name = "engine";
    c.source = "in-process";
    c.engine = true;
    return c;
}

void stamp(grpc::ClientContext& context, const Caller& caller) {
    context.AddMetadata(kRoleKey, roleName(caller.role));
    context.AddMetadata(kSubjectKey, caller.subject);
    context.AddMetadata(kNameKey, caller.name);
    context.AddMetadata(kSourceKey, caller.source);
    context.AddMetadata(kUidKey, std::to_string(caller.uid));
}

Caller claimed(const Caller& transport,
               const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
    std::string role = metadataValue(metadata, kRoleKey);
    std::string forwardedBy = metadataValue(metadata, kForwardedHeader);
    if (role.empty() && (transport.engine || forwardedBy.empty())) return transport;
    Caller c;
    Role claim = role == "operator" ? Role::Operator : Role::Viewer;
    c.role = lesser(transport.role, claim);
    c.subject = metadataValue(metadata, kSubjectKey);
    c.name = metadataValue(metadata, kNameKey);
    c.source = metadataValue(metadata, kSourceKey);
    std::string uid = metadataValue(metadata, kUidKey);
    c.uid = uid.empty() ? -1 : std::strtoll(uid.c_str(), nullptr, 10);
    if (c.subject.empty()) c.subject = "someone " + transport.name + " did not name";
    if (c.name.empty()) c.name = c.subject;
    if (transport.engine) {
        c.via = "this engine";
    } else {
        c.via = transport.subject + " (" + transport.source + ")";
    }
    return c;
}

v1::Role toProto(Role role) {
    switch (role) {
        case Role::Viewer:
            return v1::ROLE_VIEWER;
        case Role::Operator:
            return v1::ROLE_OPERATOR;
        case Role::None:
            break;
    }
    return v1::ROLE_UNSPECIFIED;
}

void toProto(const Caller& caller, v1::Caller* out) {
    out->set_role(toProto(caller.role));
    out->set_subject(caller.subject);
    out->set_name(caller.name);
    out->set_uid(caller.uid);
    out->set_source(caller.source);
    out->set_via(caller.via);
}

}  // namespace loom::engine::api
