#include "ui/client/types.h"

namespace loom::ui {

namespace {
template <typename List, typename Pred>
auto* findIn(List& list, Pred pred) {
    for (auto& item : list) {
        if (pred(item)) return &item;
    }
    return static_cast<decltype(&list.front())>(nullptr);
}
}  // namespace

const DesignHost* Design::host(const QString& name) const {
    return findIn(hosts, [&](const DesignHost& h) { return h.name == name; });
}
const DesignNetwork* Design::network(const QString& key) const {
    return findIn(networks, [&](const DesignNetwork& n) { return n.key == key; });
}
const DesignEndpoint* Design::endpoint(const QString& key) const {
    return findIn(endpoints, [&](const DesignEndpoint& e) { return e.key == key; });
}
DesignHost* Design::host(const QString& name) {
    return findIn(hosts, [&](const DesignHost& h) { return h.name == name; });
}
DesignNetwork* Design::network(const QString& key) {
    return findIn(networks, [&](const DesignNetwork& n) { return n.key == key; });
}
DesignEndpoint* Design::endpoint(const QString& key) {
    return findIn(endpoints, [&](const DesignEndpoint& e) { return e.key == key; });
}
const DesignService* Design::service(const QString& key) const {
    return findIn(services, [&](const DesignService& s) { return s.key == key; });
}
DesignService* Design::service(const QString& key) {
    return findIn(services, [&](const DesignService& s) { return s.key == key; });
}

}  // namespace loom::ui
