#pragma once

#include "app/ctl/args.h"

namespace loom::ctl {

// loomctl bundle: config bundles (engine/bundle), made and read here without an engine:
//   bundle export --design FILE -o OUT   a design file as a bundle
//   bundle inspect FILE                  what is inside, every member and the topology checked
// Exit 0; 1 with one line on stderr when the file is refused (naming the member or field); 2 on
// a usage error.
int bundleCommand(const Args& a, bool json);

}  // namespace loom::ctl
