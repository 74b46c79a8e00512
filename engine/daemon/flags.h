#pragma once

#include <string>
#include <vector>

#include "engine/common/log.h"
#include "engine/common/status.h"

namespace loom::engine::daemon {

struct Flags {
    std::string configFile;    // --config: read before the environment and the command line
    bool checkConfig = false;  // --check-config: check the settings, start nothing
    std::string socket = "/run/loom/loomd.sock";
    std::string stateDir = "/var/lib/loom";
    std::string db;  // default: <stateDir>/loom.db
    std::string netnsDir = "/run/netns";
    std::string netnsEtcDir = "/etc/netns";  // endpoints' resolv.conf, as ip-netns reads them
    // Where the name responders forward what they do not own: "ADDR[:PORT]"; empty: the
    // nameservers of /etc/resolv.conf; {"none"}: nowhere.
    std::vector<std::string> dnsUpstreams;
    std::string namePrefix = "lm";
    std::string underlayDev;
    std::string vtepIp;
    std::string hostName;
    common::LogLevel logLevel = common::LogLevel::Info;
    int resyncSeconds = 30;
    int netnsPool = 32;
    // Cluster mode: etcd URLs (empty: standalone), TLS client files, host lease TTL.
    std::string etcd;
    std::string etcdCa, etcdCert, etcdKey;
    int leaseTtl = 10;
    int sampleIntervalMs = 1000;  // telemetry sampler
    int probeIntervalMs = 1000;   // latency prober
    // Probes use permanent neighbour entries made by the reconciler (no learned ones, which
    // count against the machine-wide gc_thresh3), so every endpoint can be probed.
    int probeEndpoints = 1000000;
    // The API on TCP with mutual TLS (all four or none).
    std::string listen, tlsCert, tlsKey, tlsCa;
    int historyFineSeconds = 3600;  // every sample kept this long
    int historyStepSeconds = 60;    // then averaged per step
    int historyCoarseSeconds = 7 * 24 * 3600;
    int auditDays = 90;  // the audit trail's records kept this long
};

// Parses argv over the config file named by --config (if any); on --help/--version prints and
// sets `exitNow`. A refusal names where the value came from: "--flag" or "FILE:LINE: key".
common::Status parseFlags(int argc, char** argv, Flags* flags, bool* exitNow);
const char* usage();

}  // namespace loom::engine::daemon
