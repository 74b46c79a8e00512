// Roles on the local socket: root and group "loom" are operators, group "loom-view" viewers,
// anyone else cannot connect. A viewer looks, watches, exports and plans; every change is
// refused with PERMISSION_DENIED and changes nothing; the audit trail has all of it.
#include <grp.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <google/protobuf/descriptor.h>
#include <grpcpp/create_channel_posix.h>
#include <grpcpp/generic/generic_stub.h>
#include <nlohmann/json.hpp>

#include <condition_variable>
#include <cstring>
#include <mutex>
#include <set>

#include "tests/support/engine_fixture.h"
#include "tests/support/shell.h"

namespace loom::test {
namespace {

constexpr int kUid = 61234;  // no account: the engine names it "uid 61234"

class LocalRoles : public EngineTest {
protected:
    void SetUp() override {
        EngineTest::SetUp();
        if (HasFatalFailure() || IsSkipped()) return;
        group* view = ::getgrnam("loom-view");
        ASSERT_NE(view, nullptr)
            << "group loom-view is missing (scripts/test and scripts/run make it)";
        m_viewGid = view->gr_gid;
        m_dir = "/tmp/loom-access-" + std::to_string(::getpid());
        ASSERT_EQ(run("mkdir -p " + m_dir + " && chmod 0777 " + m_dir).exitCode, 0);
    }
    void TearDown() override {
        EngineTest::TearDown();
        if (!m_dir.empty()) run("rm -rf " + m_dir);
    }

    // loomctl as uid 61234 with these supplementary groups ("" for none).
    CommandResult ctlAs(const std::string& groups, const std::string& args) {
        return run("cd " + m_dir + " && setpriv --reuid=" + std::to_string(kUid) +
                   " --regid=" + std::to_string(kUid) + " " +
                   (groups.empty() ? std::string("--clear-groups") : "--groups=" + groups) + " " +
                   LOOM_BIN_DIR + "/loomctl --socket " + m_host.socket() + " " + args + " 2>&1");
    }
    CommandResult viewer(const std::string& args) { return ctlAs(std::to_string(m_viewGid), args); }
    CommandResult root(const std::string& args) {
        return run(std::string(LOOM_BIN_DIR) + "/loomctl --socket " + m_host.socket() + " " + args +
                   " 2>&1");
    }

    nlohmann::json audit() {
        auto r = root("--json audit");
        EXPECT_EQ(r.exitCode, 0) << r.output;
        auto j = nlohmann::json::parse(r.output, nullptr, false);
        return j.is_discarded() ? nlohmann::json::object() : j;
    }

    // A connection to the engine made by a process of uid 61234 in group loom-view, handed to
    // this process (SO_PEERCRED is the connecting process's), as a gRPC channel.
    std::shared_ptr<grpc::Channel> viewerChannel() {
        int pair[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) return nullptr;
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, m_host.socket().c_str(), sizeof(addr.sun_path) - 1);
        gid_t groups[] = {m_viewGid};
        pid_t pid = ::fork();
        if (pid == 0) {
            int fd = -1;
            if (::setgroups(1, groups) == 0 && ::setresgid(kUid, kUid, kUid) == 0 &&
                ::setresuid(kUid, kUid, kUid) == 0) {
                fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
                if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) fd = -1;
            }
            char byte = fd >= 0 ? 'y' : 'n';
            iovec iov{&byte, 1};
            alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
            msghdr msg{};
            msg.msg_iov = &iov;
            msg.msg_iovlen = 1;
            if (fd >= 0) {
                msg.msg_control = control;
                msg.msg_controllen = sizeof control;
                cmsghdr* c = CMSG_FIRSTHDR(&msg);
                c->cmsg_level = SOL_SOCKET;
                c->cmsg_type = SCM_RIGHTS;
                c->cmsg_len = CMSG_LEN(sizeof(int));
                std::memcpy(CMSG_DATA(c), &fd, sizeof fd);
            }
            ::sendmsg(pair[1], &msg, 0);
            ::_exit(0);
        }
        ::close(pair[1]);
        char byte = 0;
        iovec iov{&byte, 1};
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        int fd = -1;
        if (::recvmsg(pair[0], &msg, 0) == 1 && byte == 'y') {
            cmsghdr* c = CMSG_FIRSTHDR(&msg);
            if (c && c->cmsg_type == SCM_RIGHTS) std::memcpy(&fd, CMSG_DATA(c), sizeof fd);
        }
        ::close(pair[0]);
        ::waitpid(pid, nullptr, 0);
        if (fd < 0) return nullptr;
        return grpc::CreateInsecureChannelFromFd("viewer", fd);
    }

    gid_t m_viewGid = 0;
    std::string m_dir;
};

TEST_F(LocalRoles, AViewerLooksWatchesAndPlansButChangesNothing) {
    createNetwork("blue", "10.73.0.0/24");
    auto a = createEndpoint("a", "blue");
    createNetwork("green", "10.75.0.0/24");

    auto who = viewer("whoami");
    EXPECT_EQ(who.exitCode, 0) << who.output;
    EXPECT_NE(who.output.find("role:    viewer"), std::string::npos) << who.output;
    auto ls = viewer("network ls");
    EXPECT_EQ(ls.exitCode, 0) << ls.output;
    EXPECT_NE(ls.output.find("blue"), std::string::npos) << ls.output;
    EXPECT_EQ(viewer("endpoint inspect a").exitCode, 0);
    auto stats = viewer("stats --once");  // a watch (WatchStats)
    EXPECT_EQ(stats.exitCode, 0) << stats.output;
    EXPECT_NE(stats.output.find("a"), std::string::npos) << stats.output;
    auto exported = viewer("bundle export --live -o live.tar.gz");
    EXPECT_EQ(exported.exitCode, 0) << exported.output;
    EXPECT_EQ(root("network rm green").exitCode, 0);
    auto plan = viewer("bundle plan live.tar.gz");  // green would be made again
    EXPECT_EQ(plan.exitCode, 0) << plan.output;
    EXPECT_NE(plan.output.find("green"), std::string::npos) << plan.output;

    struct Refused {
        std::string args, says;
    };
    const Refused refused[] = {
        {"network create red --subnet 10.74.0.0/24", "viewer 'uid 61234' may not create networks"},
        {"endpoint create b --network blue", "viewer 'uid 61234' may not create endpoints"},
        {"endpoint rm a", "viewer 'uid 61234' may not delete endpoints"},
        {"network rm blue --force", "viewer 'uid 61234' may not delete networks"},
        {"teardown --yes", "viewer 'uid 61234' may not tear down a host's networks"},
        {"bundle apply live.tar.gz --yes", "may not apply bundles"},
    };
    for (const auto& r : refused) {
        auto out = viewer(r.args);
        EXPECT_EQ(out.exitCode, 1) << r.args << ": " << out.output;
        EXPECT_NE(out.output.find(r.says), std::string::npos) << r.args << ": " << out.output;
    }
    // Nothing changed: the store, and the kernel.
    auto endpoints = listEndpoints();
    ASSERT_EQ(endpoints.size(), 1u);
    EXPECT_EQ(endpoints[0].name(), "a");
    v1::ListNetworksResponse nets;
    ASSERT_TRUE(m_engine.networks().ListNetworks(deadline().get(), {}, &nets).ok());
    ASSERT_EQ(nets.networks_size(), 1);
    EXPECT_EQ(runIn(a.netns_path(), "ip link show eth0").exitCode, 0);

    // Group loom does everything; a user in neither group is refused by the kernel.
    auto op = ctlAs(std::to_string(::getgrnam("loom")->gr_gid),
                    "network create red --subnet 10.74.0.0/24");
    EXPECT_EQ(op.exitCode, 0) << op.output;
    EXPECT_EQ(ctlAs(std::to_string(::getgrnam("loom")->gr_gid), "network rm red").exitCode, 0);
    auto stranger = ctlAs("", "network ls");
    EXPECT_EQ(stranger.exitCode, 1) << stranger.output;
    EXPECT_NE(stranger.output.find("Permission denied"), std::string::npos) << stranger.output;

    // The audit trail: the operator's changes, every refusal, with who and from where.
    auto records = audit()["records"];
    ASSERT_TRUE(records.is_array());
    auto count = [&](const std::string& method, const std::string& subject, int code) {
        int n = 0;
        for (const auto& r : records) {
            if (r.value("method", "") == method && r["caller"].value("subject", "") == subject &&
                r.value("code", 0) == code) {
                ++n;
            }
        }
        return n;
    };
    EXPECT_EQ(count("loom.v1.NetworkService/CreateNetwork", "uid 0 (root)", 0), 2) << records;
    EXPECT_EQ(count("loom.v1.NetworkService/DeleteNetwork", "uid 0 (root)", 0), 1) << records;
    EXPECT_EQ(count("loom.v1.EndpointService/CreateEndpoint", "uid 0 (root)", 0), 1);
    EXPECT_EQ(count("loom.v1.NetworkService/CreateNetwork", "uid 61234", 7), 1) << records;
    EXPECT_EQ(count("loom.v1.NetworkService/CreateNetwork", "uid 61234", 0), 1)
        << "group loom's create";
    EXPECT_EQ(count("loom.v1.NetworkService/DeleteNetwork", "uid 61234", 0), 1);
    EXPECT_EQ(count("loom.v1.EndpointService/CreateEndpoint", "uid 61234", 7), 1);
    EXPECT_EQ(count("loom.v1.EndpointService/DeleteEndpoint", "uid 61234", 7), 1);
    EXPECT_EQ(count("loom.v1.NetworkService/DeleteNetwork", "uid 61234", 7), 1);
    EXPECT_EQ(count("loom.v1.HostService/Teardown", "uid 61234", 7), 1);
    EXPECT_EQ(count("loom.v1.BundleService/ApplyBundle", "uid 61234", 7), 1);
    EXPECT_EQ(count("connect", "uid 61234", 7), 0)
        << "the kernel refused the stranger before the engine saw it";
    for (const auto& r : records) {
        if (r.value("method", "") == "loom.v1.EndpointService/DeleteEndpoint") {
            EXPECT_EQ(r.value("object", ""), "endpoint=a");
            EXPECT_EQ(r["caller"].value("role", ""), "ROLE_VIEWER");
            EXPECT_NE(r["caller"].value("source", "").find("local socket, pid "),
                      std::string::npos);
            EXPECT_EQ(r.value("message", ""), "viewer 'uid 61234' may not delete endpoints");
        }
        EXPECT_EQ(r.value("method", "").find("List"), std::string::npos) << "reads are not audited";
    }
    auto table = root("audit --since 10m");
    EXPECT_EQ(table.exitCode, 0) << table.output;
    EXPECT_NE(table.output.find("PERMISSION_DENIED: viewer 'uid 61234' may not delete endpoints"),
              std::string::npos)
        << table.output;

    // Kept across a restart (SQLite).
    m_engine.kill(SIGTERM);
    ASSERT_TRUE(m_engine.start());
    auto after = audit()["records"];
    EXPECT_EQ(after.size(), records.size());
}

// Every method of the API, called by a viewer with an empty request: exactly the ones that
// change something are refused, before they look at the request. A method added later without
// its check, or not listed here as a read, fails this test.
TEST_F(LocalRoles, EveryMethodThatChangesSomethingRefusesAViewerFirst) {
    const std::set<std::string> reads = {
        "NetworkService/GetNetwork",     "NetworkService/ListNetworks",
        "NetworkService/WatchEvents",    "EndpointService/GetEndpoint",
        "EndpointService/ListEndpoints", "HostService/GetHost",
        "HostService/ListHosts",         "ServiceService/GetService",
        "ServiceService/ListServices",   "TelemetryService/WatchStats",
        "TelemetryService/QueryStats",   "TelemetryService/WatchLatency",
        "TelemetryService/QueryLatency", "BundleService/ExportBundle",
        "BundleService/PlanBundle",      "AuditService/WhoAmI",
        "AuditService/ListAudit"};
    auto channel = viewerChannel();
    ASSERT_NE(channel, nullptr) << "a process in group loom-view could not connect";
    grpc::GenericStub stub(channel);
    const auto* file =
        google::protobuf::DescriptorPool::generated_pool()->FindFileByName("loom/v1/loom.proto");
    ASSERT_NE(file, nullptr);
    int changing = 0;
    for (int s = 0; s < file->service_count(); ++s) {
        const auto* service = file->service(s);
        for (int m = 0; m < service->method_count(); ++m) {
            std::string name = service->name() + "/" + service->method(m)->name();
            grpc::ClientContext ctx;
            ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(500));
            grpc::Slice empty("");
            grpc::ByteBuffer request(&empty, 1), response;
            std::mutex mu;
            std::condition_variable cv;
            std::optional<grpc::Status> status;
            stub.UnaryCall(&ctx, "/" + service->full_name() + "/" + service->method(m)->name(),
                           grpc::StubOptions(), &request, &response, [&](grpc::Status st) {
                               std::lock_guard lock(mu);
                               status = st;
                               cv.notify_all();
                           });
            std::unique_lock lock(mu);
            ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] {
                return status.has_value();
            })) << name;
            bool refused = status->error_code() == grpc::StatusCode::PERMISSION_DENIED;
            if (reads.count(name)) {
                EXPECT_FALSE(refused) << name << ": " << status->error_message();
            } else {
                ++changing;
                EXPECT_TRUE(refused) << name << " answered a viewer: " << status->error_code()
                                     << " " << status->error_message();
                EXPECT_NE(status->error_message().find("viewer 'uid 61234' may not "),
                          std::string::npos)
                    << name << ": " << status->error_message();
            }
        }
    }
    EXPECT_EQ(changing, 15) << "the API's methods that change something";
}

}  // namespace
}  // namespace loom::test
