#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "engine/reconcile/reconciler.h"
#include "engine/store/store.h"

namespace loom::test {

// A reconciler over an in-memory SQLite store and a kernel the test chooses (the fake, or the
// real one in a namespace of its own), with the steps its tests take: desired state in the
// store, a pass, and an answer to wait for.
class ReconcilerHarness {
protected:
    using Status = engine::common::Status;

    // Opens the store and starts a reconciler on `kernel` (which must outlive it), then runs
    // its first full pass; false (with the reason in `why`) when any of it failed.
    bool startOn(engine::reconcile::Kernel& kernel, engine::reconcile::Underlay underlay,
                 std::string* why, std::vector<engine::reconcile::SandboxHooks*> hooks = {}) {
        auto st = engine::store::Store::open(":memory:");
        if (!st.isOk()) return *why = st.status().message(), false;
        m_store = std::move(*st);
        engine::reconcile::Reconciler::Options options;
        options.linkEventDelay = std::chrono::milliseconds(10);
        options.resyncInterval = std::chrono::hours(1);  // passes only when asked
        m_reconciler = std::make_unique<engine::reconcile::Reconciler>(kernel, *m_store, m_board,
                                                                       m_naming, underlay, options);
        for (auto* h : hooks) m_reconciler->addSandboxHooks(h);
        if (Status s = m_reconciler->start(); !s.isOk()) return *why = s.message(), false;
        if (Status s = fullPass(); !s.isOk()) return *why = s.message(), false;
        return true;
    }
    void stopReconciler() {
        if (m_reconciler) m_reconciler->stop();
    }

    static Status wait(std::function<void(engine::reconcile::Reconciler::Done)> start) {
        std::promise<Status> done;
        auto f = done.get_future();
        start([&done](const Status& s) { done.set_value(s); });
        if (f.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
            return engine::common::internal("timed out");
        }
        return f.get();
    }
    Status fullPass() {
        return wait([&](auto done) { m_reconciler->requestFullPass(done); });
    }
    Status reconcileEndpoints(std::vector<std::string> ids) {
        return wait([&](auto done) { m_reconciler->markEndpoints(ids, done); });
    }
    Status reconcileNetwork(const std::string& id) {
        return wait([&](auto done) { m_reconciler->markNetwork(id, done); });
    }

    // A network in the store; its VNI is `vni` plus m_vniOffset.
    engine::model::Network addNetwork(const std::string& id, uint32_t vni,
                                      const std::string& subnet) {
        engine::model::Network n;
        n.id = id;
        n.name = "net-" + id;
        n.vni = vni + m_vniOffset;
        n.subnet = *engine::model::Cidr::parse(subnet);
        n.gateway = {n.subnet.network().value + 1};
        n.mtu = 1450;
        Status s = m_store->transaction([&] { return m_store->insertNetwork(n); });
        if (!s.isOk()) ADD_FAILURE() << s.message();
        return n;
    }
    engine::model::Endpoint addEndpoint(
        const std::string& id, const engine::model::Network& n, uint32_t host,
        engine::model::NetnsMode mode = engine::model::NetnsMode::Created,
        const std::string& netns = "") {
        engine::model::Endpoint e;
        e.id = id;
        e.name = "ep-" + id;
        e.networkId = n.id;
        e.ip = {n.subnet.network().value + host};
        e.mac = engine::model::Mac::fromIpv4(e.ip);
        e.netnsMode = mode;
        e.netnsPath =
            mode == engine::model::NetnsMode::Created ? m_naming.endpointNetns(id) : netns;
        e.hostVeth = m_naming.hostVeth(id);
        Status s = m_store->transaction([&] { return m_store->insertEndpoint(e); });
        if (!s.isOk()) ADD_FAILURE() << s.message();
        return e;
    }
    // The endpoint's row goes, its kernel objects become records (as the API does).
    void deleteEndpoint(const engine::model::Endpoint& e) {
        Status s = m_store->transaction([&]() -> Status {
            LOOM_RETURN_IF_ERROR(m_store->recordOwned(engine::reconcile::ownedBy(e, m_naming)));
            return m_store->deleteEndpoint(e.id);
        });
        if (!s.isOk()) ADD_FAILURE() << s.message();
    }

    engine::model::Naming m_naming{"/ns", "lm"};
    uint32_t m_vniOffset = 0;
    engine::reconcile::StatusBoard m_board;
    std::unique_ptr<engine::store::Store> m_store;
    std::unique_ptr<engine::reconcile::Reconciler> m_reconciler;
};

}  // namespace loom::test
