// The console as an ordinary user: a member of group "loom" may use the engine's socket, anyone
// else is told why not. The console runs with a uid of no account and only the groups given.
#include <grp.h>
#include <sys/stat.h>

#include <algorithm>

#include "tests/support/engine_fixture.h"
#include "tests/support/shell.h"

namespace loom::test {
namespace {

class ConsoleAsUser : public EngineTest {};

// `loom-console --check` as uid/gid 61234 with these supplementary groups (may be empty).
CommandResult checkAs(const std::string& socket, const std::string& groups) {
    return run(
        "XDG_RUNTIME_DIR= HOME=/nonexistent QT_QPA_PLATFORM=offscreen setpriv "
        "--reuid=61234 --regid=61234 " +
        (groups.empty() ? std::string("--clear-groups") : "--groups=" + groups) + " " +
        LOOM_CONSOLE " --check --socket " + socket + " 2>&1");
}

TEST_F(ConsoleAsUser, AMemberOfGroupLoomUsesTheEngineAndOthersAreToldWhyNot) {
    group* loom = ::getgrnam("loom");
    ASSERT_NE(loom, nullptr) << "group loom is missing (scripts/test and scripts/run make it)";
    struct stat st {};
    ASSERT_EQ(::stat(m_host.socket().c_str(), &st), 0);
    EXPECT_EQ(st.st_gid, loom->gr_gid) << "the engine gives its socket to group loom";
    EXPECT_EQ(st.st_mode & 0777, 0660u);
    createNetwork("blue", "10.72.0.0/24");

    auto member = checkAs(m_host.socket(), std::to_string(loom->gr_gid));
    EXPECT_EQ(member.exitCode, 0) << member.output;
    EXPECT_NE(member.output.find("1 host(s), 1 network(s), 0 endpoint(s)"), std::string::npos)
        << member.output;

    auto stranger = checkAs(m_host.socket(), "");
    EXPECT_EQ(stranger.exitCode, 1) << stranger.output;
    EXPECT_NE(stranger.output.find("cannot use the engine"), std::string::npos) << stranger.output;
    EXPECT_NE(stranger.output.find("Permission denied"), std::string::npos) << stranger.output;
    EXPECT_EQ(std::count(stranger.output.begin(), stranger.output.end(), '\n'), 1)
        << "one line: " << stranger.output;
}

}  // namespace
}  // namespace loom::test
