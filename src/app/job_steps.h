// The jobs as steps the `run` command and the single-job commands share: each runs one job
// against the context, prints its one-line summary and returns an exit code.
#pragma once

#include <iosfwd>

#include "app/context.h"

namespace sa::app {

int intake_step(Context& ctx, bool dry_run, std::ostream& out);
int send_step(Context& ctx, bool dry_run, std::ostream& out);
int inbox_step(Context& ctx, bool dry_run, std::ostream& out);
int accept_due_step(Context& ctx, bool dry_run, std::ostream& out);

}  // namespace sa::app
