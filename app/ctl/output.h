#pragma once

#include <google/protobuf/message.h>

#include <vector>

#include "loom/v1/loom.pb.h"

namespace loom::ctl {

void printJson(const google::protobuf::Message& m);
void printNetworks(const v1::ListNetworksResponse& r);
void printNetwork(const v1::Network& n);
void printEndpoints(const v1::ListEndpointsResponse& r, bool withHosts = false);
void printEndpoint(const v1::Endpoint& e);
void printHost(const v1::Host& h);
void printHosts(const v1::ListHostsResponse& r);
// One sample as a table; `live` redraws the terminal instead of scrolling.
void printStats(const v1::StatsSample& s, bool live);
// The newest sample of each host, one block per host.
void printStatsHosts(const std::vector<v1::StatsSample>& samples, bool live);
// Per network, a matrix of hosts (row: from, column: to) with the median RTT and recent loss,
// then each host's local endpoints.
void printLatency(const std::vector<v1::LatencySample>& samples, bool live);
void printHistory(const v1::QueryStatsResponse& r);
void printLatencyHistory(const v1::QueryLatencyResponse& r);
void printEvent(const v1::Event& e);
const char* stateName(v1::ObjectState s);

}  // namespace loom::ctl
