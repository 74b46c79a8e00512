// libFuzzer target for the DNS responder's message handling (engine/dns/message.cpp), run by
// `scripts/fuzz dns`. Whatever arrives, decide() must not crash, and an answer it builds must
// be a DNS message that ldns reads back, with the query's id.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "engine/dns/message.h"

// Last: ldns's headers define names that clash with the C++ library's when they come first.
#include <ldns/ldns.h>

namespace dns = loom::engine::dns;
namespace model = loom::engine::model;

namespace {

dns::Names names() {
    return {[](const std::string& n) -> std::optional<model::Ipv4> {
                if (n == "web1") return model::Ipv4{0x0a140002};
                return std::nullopt;
            },
            [](model::Ipv4 a) -> std::optional<std::string> {
                if (a.value == 0x0a140002) return std::string("web1");
                return std::nullopt;
            }};
}

// A query for `name` of `type`, as a client sends it.
std::string query(const char* name, ldns_rr_type type) {
    ldns_pkt* p = nullptr;
    ldns_pkt_query_new_frm_str(&p, name, type, LDNS_RR_CLASS_IN, LDNS_RD);
    uint8_t* wire = nullptr;
    size_t size = 0;
    ldns_pkt2wire(&wire, p, &size);
    std::string out(reinterpret_cast<char*>(wire), size);
    std::free(wire);
    ldns_pkt_free(p);
    return out;
}

}  // namespace

// With LOOM_FUZZ_SEEDS=DIR: writes a few queries there and exits.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    const char* dir = std::getenv("LOOM_FUZZ_SEEDS");
    if (!dir) return 0;
    std::ofstream(std::string(dir) + "/a", std::ios::binary)
        << query("web1.blue.loom.", LDNS_RR_TYPE_A);
    std::ofstream(std::string(dir) + "/ptr", std::ios::binary)
        << query("2.0.20.10.in-addr.arpa.", LDNS_RR_TYPE_PTR);
    std::ofstream(std::string(dir) + "/other", std::ios::binary)
        << query("mirror.example.", LDNS_RR_TYPE_AAAA);
    std::exit(0);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static dns::Counters counters;
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    for (bool internal : {false, true}) {
        dns::Options options{"blue.loom", 5, internal};
        dns::Decision d = dns::decide(in, options, names(), size % 2 ? 512 : 65535, counters);
        if (d.kind != dns::Decision::Kind::Answer) continue;
        ldns_pkt* back = nullptr;
        if (ldns_wire2pkt(&back, reinterpret_cast<const uint8_t*>(d.wire.data()), d.wire.size()) !=
                LDNS_STATUS_OK ||
            size < 2 || ldns_pkt_id(back) != (data[0] << 8 | data[1])) {
            std::fprintf(stderr, "an answer that is not a DNS message for the query\n");
            std::abort();
        }
        ldns_pkt_free(back);
    }
    return 0;
}
