#include "engine/dns/message.h"

#include <cctype>
#include <cstdlib>
#include <memory>

// Last: ldns's headers define names that clash with the C++ library's when they come first.
#include <ldns/ldns.h>

namespace loom::engine::dns {

namespace {

struct PktFree {
    void operator()(ldns_pkt* p) const { ldns_pkt_free(p); }
};
using Pkt = std::unique_ptr<ldns_pkt, PktFree>;

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// "web1." or "web1.blue.loom." -> "web1" (a name may hold dots: "db.eu." -> "db.eu"); what the
// network's names are looked up by.
std::string ownName(const std::string& qname, const std::string& domain) {
    std::string name = lower(qname);
    if (name.size() < 2 || name.back() != '.') return {};
    name.pop_back();
    const std::string suffix = "." + lower(domain);
    if (!domain.empty() && name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
        name.resize(name.size() - suffix.size());
    }
    return name;
}

// "4.3.2.1.in-addr.arpa." -> 1.2.3.4.
std::optional<model::Ipv4> reverseAddress(const std::string& qname) {
    const std::string name = lower(qname);
    const std::string suffix = ".in-addr.arpa.";
    if (name.size() <= suffix.size() ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
        return std::nullopt;
    }
    std::string octets = name.substr(0, name.size() - suffix.size());
    uint32_t parts[4];
    int n = 0;
    size_t start = 0;
    while (n < 4) {
        size_t end = octets.find('.', start);
        std::string part = octets.substr(start, end == std::string::npos ? end : end - start);
        if (part.empty() || part.size() > 3 ||
            part.find_first_not_of("0123456789") != std::string::npos) {
            return std::nullopt;
        }
        parts[n++] = static_cast<uint32_t>(std::atoi(part.c_str()));
        if (parts[n - 1] > 255) return std::nullopt;
        if (end == std::string::npos) break;
        start = end + 1;
    }
    if (n != 4 || octets.find('.', start) != std::string::npos) return std::nullopt;
    return model::Ipv4{parts[3] << 24 | parts[2] << 16 | parts[1] << 8 | parts[0]};
}

ldns_rr* record(const ldns_rdf* owner, ldns_rr_type type, uint32_t ttl, ldns_rdf* data) {
    ldns_rr* rr = ldns_rr_new();
    ldns_rr_set_owner(rr, ldns_rdf_clone(owner));
    ldns_rr_set_type(rr, type);
    ldns_rr_set_class(rr, LDNS_RR_CLASS_IN);
    ldns_rr_set_ttl(rr, ttl);
    ldns_rr_push_rdf(rr, data);
    return rr;
}

}  // namespace

Decision decide(std::string_view query, const Options& options, const Names& names, size_t maxSize,
                Counters& counters) {
    Decision d;
    ldns_pkt* raw = nullptr;
    if (ldns_wire2pkt(&raw, reinterpret_cast<const uint8_t*>(query.data()), query.size()) !=
        LDNS_STATUS_OK) {
        ++counters.malformed;
        return d;
    }
    Pkt q(raw);
    // Only a plain query with one question is one: anything else (a response, an update, a
    // question count that lies) is dropped as malformed.
    if (ldns_pkt_qr(q.get()) || ldns_pkt_get_opcode(q.get()) != LDNS_PACKET_QUERY ||
        ldns_pkt_qdcount(q.get()) != 1 || !ldns_pkt_question(q.get()) ||
        ldns_rr_list_rr_count(ldns_pkt_question(q.get())) != 1) {
        ++counters.malformed;
        return d;
    }
    const ldns_rr* question = ldns_rr_list_rr(ldns_pkt_question(q.get()), 0);
    const ldns_rdf* owner = ldns_rr_owner(question);
    char* text = ldns_rdf2str(owner);
    const std::string qname = text ? text : "";
    std::free(text);
    const ldns_rr_type type = ldns_rr_get_type(question);

    Pkt r(ldns_pkt_new());
    ldns_pkt_set_id(r.get(), ldns_pkt_id(q.get()));
    ldns_pkt_set_qr(r.get(), true);
    ldns_pkt_set_opcode(r.get(), LDNS_PACKET_QUERY);
    ldns_pkt_set_rd(r.get(), ldns_pkt_rd(q.get()));
    ldns_pkt_set_ra(r.get(), !options.internal);
    ldns_pkt_push_rr(r.get(), LDNS_SECTION_QUESTION, ldns_rr_clone(question));

    bool owned = false;
    const std::string name = ownName(qname, options.domain);
    const bool internet = ldns_rr_get_class(question) == LDNS_RR_CLASS_IN;
    const std::optional<model::Ipv4> address =
        internet && !name.empty() ? names.address(name) : std::nullopt;
    if (address) {
        owned = true;
        if (type == LDNS_RR_TYPE_A || type == LDNS_RR_TYPE_ANY) {
            uint8_t bytes[4] = {static_cast<uint8_t>(address->value >> 24),
                                static_cast<uint8_t>(address->value >> 16),
                                static_cast<uint8_t>(address->value >> 8),
                                static_cast<uint8_t>(address->value)};
            ldns_pkt_push_rr(r.get(), LDNS_SECTION_ANSWER,
                             record(owner, LDNS_RR_TYPE_A, options.ttl,
                                    ldns_rdf_new_frm_data(LDNS_RDF_TYPE_A, sizeof bytes, bytes)));
        }
        // Any other type of an owned name: NOERROR with no answer (it has only A).
    } else if (auto reverse = internet ? reverseAddress(qname) : std::nullopt) {
        if (auto found = names.name(*reverse)) {
            owned = true;
            if (type == LDNS_RR_TYPE_PTR || type == LDNS_RR_TYPE_ANY) {
                const std::string target =
                    *found + "." + (options.domain.empty() ? "" : options.domain + ".");
                if (ldns_rdf* dname = ldns_dname_new_frm_str(target.c_str())) {
                    ldns_pkt_push_rr(r.get(), LDNS_SECTION_ANSWER,
                                     record(owner, LDNS_RR_TYPE_PTR, options.ttl, dname));
                }
            }
        }
    }
    // A name under the network's own domain that it does not have does not exist: said with
    // authority, not asked of anyone else.
    const std::string zone = "." + lower(options.domain) + ".", asked = lower(qname);
    const bool inZone = !options.domain.empty() && asked.size() > zone.size() &&
                        asked.compare(asked.size() - zone.size(), zone.size(), zone) == 0;
    if (!owned && inZone) {
        ldns_pkt_set_rcode(r.get(), LDNS_RCODE_NXDOMAIN);
        owned = true;
    } else if (!owned && !options.internal) {
        ++counters.forwarded;
        d.kind = Decision::Kind::Forward;
        return d;
    }
    if (owned) {
        ldns_pkt_set_aa(r.get(), true);
        ++counters.answered;
    } else {
        // An internal network answers only for itself.
        ldns_pkt_set_rcode(r.get(), LDNS_RCODE_REFUSED);
        ++counters.refused;
    }
    uint8_t* wire = nullptr;
    size_t size = 0;
    if (ldns_pkt2wire(&wire, r.get(), &size) != LDNS_STATUS_OK) {
        ++counters.malformed;
        return d;
    }
    d.kind = Decision::Kind::Answer;
    d.wire.assign(reinterpret_cast<const char*>(wire), size);
    std::free(wire);
    if (d.wire.size() > maxSize) {
        // Too long for a UDP answer: the question alone, truncated, and the client asks over TCP.
        Pkt t(ldns_pkt_new());
        ldns_pkt_set_id(t.get(), ldns_pkt_id(q.get()));
        ldns_pkt_set_qr(t.get(), true);
        ldns_pkt_set_aa(t.get(), true);
        ldns_pkt_set_tc(t.get(), true);
        ldns_pkt_set_rd(t.get(), ldns_pkt_rd(q.get()));
        ldns_pkt_push_rr(t.get(), LDNS_SECTION_QUESTION, ldns_rr_clone(question));
        if (ldns_pkt2wire(&wire, t.get(), &size) != LDNS_STATUS_OK) return Decision{};
        d.wire.assign(reinterpret_cast<const char*>(wire), size);
        std::free(wire);
    }
    return d;
}

}  // namespace loom::engine::dns
