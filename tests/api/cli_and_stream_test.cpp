// loomctl as a person and a script use it, the event stream, and the standard health and
// reflection services.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <grp.h>
#include <sys/stat.h>

#include <mutex>
#include <thread>

#include "tests/support/engine_fixture.h"

namespace loom::test {
namespace {

class Cli : public EngineTest {
protected:
    CommandResult ctl(const std::string& args) {
        return run("LOOM_SOCKET=" + m_host.socket() + " " + LOOM_BIN_DIR + "/loomctl " + args);
    }
    static int lines(const std::string& s) {
        return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
    }
};

TEST_F(Cli, TheWalkthroughWorks) {
    auto r = ctl("network create blue --subnet 10.61.0.0/24 --label team=core");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    r = ctl("endpoint create web --network blue");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("10.61.0.2/24"), std::string::npos) << r.output;
    ASSERT_EQ(ctl("endpoint create db --network blue --ip 10.61.0.10").exitCode, 0);
    r = ctl("endpoint ls");
    EXPECT_NE(r.output.find("web"), std::string::npos);
    EXPECT_NE(r.output.find("ready"), std::string::npos) << r.output;
    r = ctl("endpoint exec web -- ping -c 1 -W 1 10.61.0.10");
    EXPECT_EQ(r.exitCode, 0) << r.output;
    r = ctl("endpoint exec web -- ping -c 1 -W 1 -M do -s 1422 10.61.0.10");
    EXPECT_EQ(r.exitCode, 0) << r.output;
    // What a command reads inside the endpoint is the endpoint's: its own /sys.
    r = ctl("endpoint exec web -- cat /sys/class/net/eth0/mtu");
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(r.output, "1450\n");
    r = ctl("endpoint exec web -- ls /sys/class/net");
    EXPECT_EQ(r.output, "eth0\nlo\n");
    r = ctl("--json network inspect blue");
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_NE(r.output.find("\"subnet\": \"10.61.0.0/24\""), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("\"team\": \"core\""), std::string::npos) << r.output;
    r = ctl("--json host info");
    EXPECT_NE(r.output.find("\"vtep_ip\": \"192.0.2.1\""), std::string::npos) << r.output;
    r = ctl("--json endpoint ls --network blue");
    EXPECT_NE(r.output.find("\"ip\": \"10.61.0.10/24\""), std::string::npos) << r.output;
    EXPECT_EQ(ctl("endpoint rm db").exitCode, 0);
    EXPECT_EQ(ctl("network rm blue --force").exitCode, 0);
    EXPECT_EQ(ctl("teardown --yes").exitCode, 0);
    EXPECT_TRUE(m_host.engineNamespaces().empty());
}

TEST_F(Cli, TheSocketIsForRootAndGroupLoom) {
    struct stat st {};
    ASSERT_EQ(::stat(m_host.socket().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0660u);
    if (group* g = ::getgrnam("loom")) {
        EXPECT_EQ(st.st_gid, g->gr_gid);
    }
}

TEST_F(Cli, ErrorsAreOneLineOnStderrWithAnExitCode) {
    // Only stderr: the subshell sends stdout away and stderr into the capture.
    auto r = run("(LOOM_SOCKET=" + m_host.socket() + " " + LOOM_BIN_DIR +
                 "/loomctl network create x --subnet 10.0.0.1/24 2>&1 >/dev/null)");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(lines(r.output), 1) << r.output;
    EXPECT_NE(r.output.find("subnet"), std::string::npos) << r.output;
    r = ctl("network create x --subnet 10.62.0.0/24 --vni 0");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("vni"), std::string::npos) << r.output;
    r = ctl("network create x --subnet 10.62.0.0/24 --vni many");
    EXPECT_EQ(r.exitCode, 2) << r.output;
    r = ctl("network frobnicate");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_EQ(lines(r.output), 1) << r.output;
    r = ctl("endpoint inspect ghost");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("no endpoint \"ghost\""), std::string::npos) << r.output;
    r = ctl("teardown");
    EXPECT_EQ(r.exitCode, 2);
    r = run(std::string(LOOM_BIN_DIR) + "/loomctl --socket /tmp/no-such-loom.sock host info");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("cannot reach the engine"), std::string::npos) << r.output;
}

TEST_F(Cli, EventsFollowNetworksAndEndpoints) {
    grpc::ClientContext ctx;
    auto reader = m_engine.networks().WatchEvents(&ctx, {});
    // The engine sends the stream's headers once it has subscribed: nothing after is missed.
    reader->WaitForInitialMetadata();
    std::mutex mutex;
    std::vector<v1::Event> events;
    std::thread collector([&] {
        v1::Event e;
        while (reader->Read(&e)) {
            std::lock_guard lock(mutex);
            events.push_back(e);
        }
    });
    createNetwork("blue", "10.63.0.0/24");
    createEndpoint("web", "blue");
    v1::DeleteEndpointRequest del;
    del.set_endpoint("web");
    v1::DeleteEndpointResponse resp;
    ASSERT_TRUE(m_engine.endpoints().DeleteEndpoint(deadline().get(), del, &resp).ok());
    EXPECT_TRUE(eventually(
        [&] {
            std::lock_guard lock(mutex);
            return std::any_of(events.begin(), events.end(), [](const v1::Event& e) {
                return e.kind() == v1::Event::KIND_DELETED && e.has_endpoint() &&
                       e.endpoint().name() == "web";
            });
        },
        std::chrono::seconds(5)));
    ctx.TryCancel();
    collector.join();

    auto has = [&](v1::Event::Kind kind, const std::string& name, bool endpoint) {
        return std::any_of(events.begin(), events.end(), [&](const v1::Event& e) {
            return e.kind() == kind && (endpoint ? e.has_endpoint() && e.endpoint().name() == name
                                                 : e.has_network() && e.network().name() == name);
        });
    };
    EXPECT_TRUE(has(v1::Event::KIND_CREATED, "blue", false));
    EXPECT_TRUE(has(v1::Event::KIND_CHANGED, "blue", false));  // became ready
    EXPECT_TRUE(has(v1::Event::KIND_CREATED, "web", true));
    EXPECT_TRUE(has(v1::Event::KIND_DELETED, "web", true));
}

TEST_F(Cli, TheStandardHealthServiceAnswersServing) {
    grpc::GenericStub stub(m_engine.channel());
    grpc::ByteBuffer request, response;
    {
        // grpc.health.v1.HealthCheckRequest with no service: the empty message.
        grpc::Slice empty("", 0);
        request = grpc::ByteBuffer(&empty, 1);
    }
    grpc::ClientContext ctx;
    grpc::Status status;
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    stub.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response,
                   [&](grpc::Status s) {
                       std::lock_guard lock(m);
                       status = s;
                       done = true;
                       cv.notify_one();
                   });
    std::unique_lock lock(m);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return done; }));
    ASSERT_TRUE(status.ok()) << status.error_message();
    std::vector<grpc::Slice> slices;
    ASSERT_TRUE(response.Dump(&slices).ok());
    std::string bytes;
    for (const auto& s : slices)
        bytes += std::string(reinterpret_cast<const char*>(s.begin()), s.size());
    EXPECT_EQ(bytes, std::string("\x08\x01", 2));  // status: SERVING
}

TEST_F(Cli, ServerReflectionListsLoomsServices) {
    // What grpcurl does first: ServerReflectionInfo with list_services (field 7) set to "".
    grpc::GenericStub stub(m_engine.channel());
    grpc::CompletionQueue cq;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    auto call = stub.PrepareCall(
        &ctx, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
    void* tag = nullptr;
    bool ok = false;
    auto step = [&](void* expected) {
        EXPECT_TRUE(cq.Next(&tag, &ok));
        EXPECT_EQ(tag, expected);
        return ok;
    };
    call->StartCall(reinterpret_cast<void*>(1));
    ASSERT_TRUE(step(reinterpret_cast<void*>(1)));
    grpc::Slice request(std::string("\x3a\x00", 2));
    grpc::ByteBuffer requestBuffer(&request, 1);
    call->Write(requestBuffer, reinterpret_cast<void*>(2));
    ASSERT_TRUE(step(reinterpret_cast<void*>(2)));
    grpc::ByteBuffer reply;
    call->Read(&reply, reinterpret_cast<void*>(3));
    ASSERT_TRUE(step(reinterpret_cast<void*>(3)));
    call->WritesDone(reinterpret_cast<void*>(4));
    step(reinterpret_cast<void*>(4));
    grpc::Status status;
    call->Finish(&status, reinterpret_cast<void*>(5));
    step(reinterpret_cast<void*>(5));
    std::vector<grpc::Slice> slices;
    ASSERT_TRUE(reply.Dump(&slices).ok());
    std::string bytes;
    for (const auto& s : slices)
        bytes += std::string(reinterpret_cast<const char*>(s.begin()), s.size());
    for (const char* service : {"loom.v1.NetworkService", "loom.v1.EndpointService",
                                "loom.v1.HostService", "grpc.health.v1.Health"}) {
        EXPECT_NE(bytes.find(service), std::string::npos) << service;
    }
}

}  // namespace
}  // namespace loom::test

namespace loom::test {
namespace {

class SecondEngine : public EngineTest {};

TEST_F(SecondEngine, IsRefusedOnTheSameStateDirOrSocket) {
    std::string loomd = std::string(LOOM_BIN_DIR) + "/loomd";
    std::string common = " --netns-dir " + m_host.netnsDir() + " --name-prefix " + m_host.prefix();
    auto r =
        runIn(m_host.netnsPath(), loomd + " --socket " + m_host.dir() + "/other.sock --state-dir " +
                                      m_host.dir() + "/state" + common);
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("another loomd is running with state dir"), std::string::npos)
        << r.output;
    r = runIn(m_host.netnsPath(), loomd + " --socket " + m_host.socket() + " --state-dir " +
                                      m_host.dir() + "/state2" + common);
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("another engine is listening on"), std::string::npos) << r.output;
    // The first engine still answers.
    v1::Host h;
    EXPECT_TRUE(m_engine.host().GetHost(deadline().get(), {}, &h).ok());
}

}  // namespace
}  // namespace loom::test

namespace loom::test {
namespace {

// Malformed cluster flags: exit 1 and one line on stderr naming the flag, before anything starts.
TEST(LoomdFlags, BadClusterFlagsAreRefusedWithOneLine) {
    std::string loomd = std::string(LOOM_BIN_DIR) + "/loomd";
    struct Case {
        std::string args, expected;
    };
    std::vector<Case> cases = {
        {"--etcd 192.0.2.1:2379", "--etcd: \"192.0.2.1:2379\" is not an http:// or https:// URL"},
        {"--etcd http://192.0.2.1", "--etcd: \"http://192.0.2.1\" has no port"},
        {"--etcd-ca /nonexistent", "--etcd-ca: etcd TLS options need etcd URLs (--etcd)"},
        {"--lease-ttl 1", "--lease-ttl: must be a number in 2..3600"},
        {"--etcd https://192.0.2.1:2379 --etcd-ca /nonexistent/ca.pem",
         "--etcd-ca: cannot read /nonexistent/ca.pem"},
        {"--listen 192.0.2.1:7443", "--listen: mutual TLS only: --tls-cert is missing"},
        {"--tls-ca /etc/hostname", "--tls-ca: TLS files need a listen address (--listen)"},
        {"--listen 7443 --tls-cert x", "--listen: \"7443\" is not ADDR:PORT"},
        {"--dns-upstream 192.0.2.1:0",
         "--dns-upstream: \"192.0.2.1:0\" is not ADDR or ADDR:PORT (IPv4), or none"},
        {"--dns-upstream 192.0.2.1,none",
         "--dns-upstream: \"none\" is not ADDR or ADDR:PORT (IPv4), or none"},
        {"--dns-upstream ns1.example",
         "--dns-upstream: \"ns1.example\" is not ADDR or "
         "ADDR:PORT (IPv4), or none"},
        {"--netns-etc-dir etc", "--netns-etc-dir: must be an absolute path"},
    };
    for (const auto& c : cases) {
        auto r = run(loomd + " " + c.args + " --state-dir /nonexistent/loom-never");
        EXPECT_EQ(r.exitCode, 1) << c.args << ": " << r.output;
        EXPECT_EQ(r.output, "loomd: " + c.expected + "\n") << c.args;
    }
    // Refused before anything was made.
    EXPECT_NE(::access("/nonexistent/loom-never", F_OK), 0);
}

}  // namespace
}  // namespace loom::test
