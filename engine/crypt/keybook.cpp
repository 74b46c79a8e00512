#include "engine/crypt/keybook.h"

#include <algorithm>

#include "engine/model/network.h"

namespace loom::engine::crypt {

namespace {

netlink::EspKeyBytes keyBytes(const v1::EspKey& k) {
    netlink::EspKeyBytes out{};
    std::copy_n(k.key().begin(), std::min(k.key().size(), out.size()), out.begin());
    return out;
}

netlink::XfrmState stateOf(model::Ipv4 src, model::Ipv4 dst, uint32_t reqid, const v1::EspKey& k) {
    netlink::XfrmState s;
    s.src = src;
    s.dst = dst;
    s.spi = k.spi();
    s.reqid = reqid;
    s.key = keyBytes(k);
    return s;
}

bool holds(const std::vector<netlink::XfrmState>& installed, const netlink::XfrmState& s) {
    return std::find(installed.begin(), installed.end(), s) != installed.end();
}

bool same(const v1::EspKeys& a, const v1::EspKeys& b) {
    return a.SerializeAsString() == b.SerializeAsString();
}

}  // namespace

v1::EspKey KeyBook::newKey(uint32_t generation, int64_t nowMs,
                           const std::set<uint32_t>& spisInUse) {
    v1::EspKey k;
    uint32_t spi = 0;
    // SPIs below 256 are reserved (RFC 4303); one this host already receives on is taken.
    while (spi < 256 || spisInUse.count(spi))
        m_random(reinterpret_cast<uint8_t*>(&spi), sizeof spi);
    std::string key(20, '\0');
    m_random(reinterpret_cast<uint8_t*>(key.data()), key.size());
    k.set_spi(spi);
    k.set_key(key);
    k.set_generation(generation);
    k.set_created_unix_ms(nowMs);
    return k;
}

Step KeyBook::step(const Inputs& in) {
    Step out;
    const model::Ipv4 any{};
    std::set<uint32_t> spis;
    for (const auto& s : in.installed) {
        if (s.dst == in.selfVtep) spis.insert(s.spi);
    }
    for (const auto& [d, r] : m_mine) {
        for (const auto* k : {&r.current(), &r.next(), &r.previous()}) spis.insert(k->spi());
    }

    std::set<Direction> wanted, wantedAcks;
    for (const auto& n : in.networks) {
        const uint32_t reqid = model::xfrmReqid(n.vni);
        const auto port = static_cast<uint16_t>(n.port);
        auto partners = in.partners.find(n.id);
        if (partners == in.partners.end()) continue;  // not carried here: nothing of it
        // Every packet of the network's VXLAN between this host and any other goes in ESP, and
        // none comes in without it: a pair without states yet drops, it never sends in clear.
        out.policies.push_back({in.selfVtep, any, port, netlink::XfrmPolicy::Dir::Out, reqid});
        out.policies.push_back({any, in.selfVtep, port, netlink::XfrmPolicy::Dir::In, reqid});
        for (const auto& p : partners->second) {
            // Inbound: the keys this host makes for what `p` sends it.
            const Direction inbound{n.id, in.selfId, p.hostId};
            wanted.insert(inbound);
            auto published = in.keys.find(inbound);
            auto mine = m_mine.find(inbound);
            bool adopted = false;
            if (mine == m_mine.end()) {
                v1::EspKeys r;
                if (published != in.keys.end()) {
                    // Made before a restart: kept, and written again, so that it moves to this
                    // engine's new lease before the old one ends and takes it away.
                    r = published->second;
                    adopted = true;
                } else {
                    r.set_network_id(n.id);
                    r.set_receiver_id(in.selfId);
                    r.set_sender_id(p.hostId);
                    *r.mutable_next() = newKey(1, in.nowMs, spis);
                    spis.insert(r.next().spi());
                }
                r.set_receiver_vtep(in.selfVtep.toString());
                r.set_sender_vtep(p.vtep.toString());
                mine = m_mine.emplace(inbound, r).first;
            }
            v1::EspKeys& r = mine->second;
            if (r.has_next() &&
                holds(in.installed, stateOf(p.vtep, in.selfVtep, reqid, r.next()))) {
                // Installed here: the sender may use it now.
                if (r.has_current()) *r.mutable_previous() = r.current();
                *r.mutable_current() = r.next();
                r.clear_next();
                m_ackSeenMs.erase(inbound);
            }
            if (r.has_previous()) {
                auto ack = in.acks.find(inbound);
                if (ack != in.acks.end() && ack->second >= r.current().generation()) {
                    auto seen = m_ackSeenMs.emplace(inbound, in.nowMs).first;
                    if (in.nowMs - seen->second >= kGraceMs) {
                        r.clear_previous();
                        m_ackSeenMs.erase(inbound);
                    }
                }
            }
            if (r.has_current() && !r.has_next() && !r.has_previous() &&
                in.nowMs - r.current().created_unix_ms() >= int64_t{n.rotationS} * 1000) {
                *r.mutable_next() = newKey(r.current().generation() + 1, in.nowMs, spis);
                spis.insert(r.next().spi());
                out.rotated.push_back(inbound);
            }
            if (adopted || published == in.keys.end() || !same(published->second, r)) {
                out.publish.push_back(r);
            }
            for (const auto* k : {&r.current(), &r.next(), &r.previous()}) {
                if (k->spi() != 0) out.states.push_back(stateOf(p.vtep, in.selfVtep, reqid, *k));
            }

            // Outbound: what `p` made for this host to send with; said so once installed.
            const Direction outbound{n.id, p.hostId, in.selfId};
            auto theirs = in.keys.find(outbound);
            if (theirs == in.keys.end() || !theirs->second.has_current()) continue;
            const v1::EspKey& k = theirs->second.current();
            auto state = stateOf(in.selfVtep, p.vtep, reqid, k);
            out.states.push_back(state);
            wantedAcks.insert(outbound);
            auto acked = in.acks.find(outbound);
            if (holds(in.installed, state) &&
                (acked == in.acks.end() || acked->second != k.generation())) {
                out.ack[outbound] = k.generation();
            }
        }
    }
    for (auto it = m_mine.begin(); it != m_mine.end();) {
        if (wanted.count(it->first)) {
            ++it;
            continue;
        }
        out.withdraw.push_back(it->first);
        m_ackSeenMs.erase(it->first);
        it = m_mine.erase(it);
    }
    for (const auto& [d, r] : in.keys) {
        if (std::get<1>(d) == in.selfId && !wanted.count(d) &&
            std::find(out.withdraw.begin(), out.withdraw.end(), d) == out.withdraw.end()) {
            out.withdraw.push_back(d);  // left from before a restart, or for a partner gone
        }
    }
    for (const auto& [d, g] : in.acks) {
        if (std::get<2>(d) == in.selfId && !wantedAcks.count(d)) out.withdrawAcks.push_back(d);
    }
    return out;
}

}  // namespace loom::engine::crypt
