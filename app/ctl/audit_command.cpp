// loomctl audit | whoami: the engine's audit trail, and how the engine sees this caller.
#include <ctime>

#include <chrono>
#include <cstdio>

#include "app/ctl/ctl.h"
#include "app/ctl/output.h"
#include "engine/common/status.h"
#include "loom/v1/loom.grpc.pb.h"

namespace loom::ctl {

namespace {

const char* roleName(v1::Role r) {
    switch (r) {
        case v1::ROLE_OPERATOR:
            return "operator";
        case v1::ROLE_VIEWER:
            return "viewer";
        default:
            return "none";
    }
}

std::string localTime(int64_t unixMs) {
    std::time_t t = unixMs / 1000;
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

// "30m", "2d" (ago), or a local date and time "2026-12-01" / "2026-12-01T08:30[:00]".
std::optional<std::string> parseSince(const std::string& text, int64_t* unixMs) {
    for (const char* format : {"%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d"}) {
        std::tm tm{};
        const char* end = strptime(text.c_str(), format, &tm);
        if (end && *end == '\0') {
            tm.tm_isdst = -1;
            *unixMs = static_cast<int64_t>(std::mktime(&tm)) * 1000;
            return std::nullopt;
        }
    }
    uint64_t seconds = 0;
    if (parseDuration("since", text, &seconds)) {
        return "--since: \"" + text +
               "\" is neither a duration (90s, 30m, 12h, 2d) nor a local time "
               "(2026-12-01 or 2026-12-01T08:30)";
    }
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    *unixMs = now - static_cast<int64_t>(seconds) * 1000;
    return std::nullopt;
}

std::string who(const v1::Caller& c) {
    return c.subject() + (c.via().empty() ? "" : " via " + c.via());
}

void printAudit(const v1::ListAuditResponse& r) {
    std::printf("%-19s  %-8s  %-28s  %-26s  %-40s  %s\n", "TIME", "ROLE", "WHO", "FROM", "WHAT",
                "OUTCOME");
    for (const auto& rec : r.records()) {
        std::string what = rec.method();
        if (auto dot = what.find('.', what.find('.') + 1); dot != std::string::npos) {
            what = what.substr(dot + 1);  // "EndpointService/DeleteEndpoint"
        }
        if (!rec.object().empty()) what += " " + rec.object();
        std::string outcome = rec.code() == 0
                                  ? "done"
                                  : std::string(engine::common::codeName(
                                        static_cast<engine::common::Code>(rec.code()))) +
                                        ": " + rec.message();
        std::printf("%-19s  %-8s  %-28s  %-26s  %-40s  %s\n", localTime(rec.unix_ms()).c_str(),
                    roleName(rec.caller().role()), who(rec.caller()).c_str(),
                    rec.caller().source().c_str(), what.c_str(), outcome.c_str());
    }
    if (r.truncated()) std::printf("(older records left out: use --since or --limit)\n");
}

}  // namespace

int auditCommand(Ctl& c, const Args& a) {
    if (a.words.size() != 1) return usageError("audit takes no NAME (use --since, --limit)");
    v1::ListAuditRequest req;
    if (a.has("since")) {
        int64_t since = 0;
        if (auto e = parseSince(a.get("since"), &since)) return usageError(*e);
        req.set_since_unix_ms(since);
    }
    if (a.has("limit")) {
        uint64_t limit = 0;
        if (auto e = parseNumber("limit", a.get("limit"), 1, 100000, &limit)) return usageError(*e);
        req.set_limit(static_cast<uint32_t>(limit));
    }
    auto stub = v1::AuditService::NewStub(c.channel);
    v1::ListAuditResponse resp;
    auto s = stub->ListAudit(c.context().get(), req, &resp);
    if (!s.ok()) return c.fail(s);
    c.json ? printJson(resp) : printAudit(resp);
    return 0;
}

int whoamiCommand(Ctl& c, const Args& a) {
    if (a.words.size() != 1) return usageError("whoami takes no arguments");
    auto stub = v1::AuditService::NewStub(c.channel);
    v1::Caller resp;
    auto s = stub->WhoAmI(c.context().get(), {}, &resp);
    if (!s.ok()) return c.fail(s);
    if (c.json) {
        printJson(resp);
    } else {
        std::printf("role:    %s\nwho:     %s\nfrom:    %s\n", roleName(resp.role()),
                    who(resp).c_str(), resp.source().c_str());
    }
    return 0;
}

}  // namespace loom::ctl
