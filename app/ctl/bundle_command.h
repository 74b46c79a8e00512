#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>

#include "app/ctl/args.h"

namespace loom::ctl {

// loomctl bundle: config bundles (engine/bundle):
//   bundle export --design FILE -o OUT   a design file as a bundle, made here without an engine
//   bundle export --live [--hosts A,B] -o OUT
//                                        the live state, as the engine exports it
//   bundle inspect FILE                  what is inside, every member and the topology checked
//   bundle plan FILE                     what importing it would change (the engine's plan)
//   bundle apply FILE [--yes]            the plan shown, then run (asked first without --yes)
// Exit 0; 1 with one line on stderr when the file is refused (naming the member or field) or the
// engine refuses; 2 on a usage error. `fail` reports an engine's error and returns the exit code.
int bundleCommand(const Args& a, bool json, const std::shared_ptr<grpc::Channel>& channel,
                  const std::function<int(const grpc::Status&)>& fail);

}  // namespace loom::ctl
