#include "app/command.h"

namespace sa::app {

const std::vector<CommandSpec>& commands() {
    static const std::vector<CommandSpec> kAll = [] {
        std::vector<CommandSpec> all;
        for (auto* part : {&job_commands, &intake_commands, &inbox_commands, &staff_commands,
                           &desk_commands, &ops_commands}) {
            for (CommandSpec& c : (*part)()) all.push_back(std::move(c));
        }
        return all;
    }();
    return kAll;
}

}  // namespace sa::app
