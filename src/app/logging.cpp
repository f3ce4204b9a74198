#include "app/logging.h"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FileChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Message.h>
#include <Poco/PatternFormatter.h>
#include <Poco/SplitterChannel.h>
#include <Poco/SyslogChannel.h>

#include <fstream>
#include <iostream>

#include "core/file_system.h"

namespace sa::app {
namespace {

// Passes on only messages at or above a priority (Poco's Logger has one level for all its
// channels; standard error gets warnings only).
class MinimumPriorityChannel : public Poco::Channel {
  public:
    MinimumPriorityChannel(Poco::AutoPtr<Poco::Channel> next, Poco::Message::Priority p)
        : next_(std::move(next)), priority_(p) {}
    void log(const Poco::Message& msg) override {
        if (msg.getPriority() <= priority_) next_->log(msg);
    }

  private:
    Poco::AutoPtr<Poco::Channel> next_;
    Poco::Message::Priority priority_;
};

}  // namespace

void setup_logging(const Config& config) {
    Poco::AutoPtr<Poco::SplitterChannel> splitter(new Poco::SplitterChannel);

    Poco::AutoPtr<Poco::PatternFormatter> brief(new Poco::PatternFormatter("sa-batch: %p: %t"));
    Poco::AutoPtr<Poco::Channel> console(
        new Poco::FormattingChannel(brief, new Poco::ConsoleChannel(std::cerr)));
    splitter->addChannel(new MinimumPriorityChannel(console, Poco::Message::PRIO_WARNING));

    const std::string file = config.get("log.file");
    if (!file.empty()) {
        Status s = fs::make_dirs(fs::dirname(file));
        // Poco's FileChannel opens the file at the first message and throws when it cannot:
        // a log one may not write (staff reading, a read-only disk) would end the command.
        if (s && !std::ofstream(file, std::ios::app)) {
            s = Status::io("cannot write '" + file + "'");
        }
        if (s) {
            Poco::AutoPtr<Poco::FileChannel> fc(new Poco::FileChannel(file));
            const bool size_given = !config.get("log.rotate_size").empty();
            fc->setProperty("rotation", size_given
                                            ? std::to_string(config.get_bytes("log.rotate_size"))
                                            : std::string("10 M"));
            fc->setProperty("archive", "number");
            fc->setProperty("purgeCount", config.get("log.keep"));
            Poco::AutoPtr<Poco::PatternFormatter> full(
                new Poco::PatternFormatter("%Y-%m-%d %H:%M:%S %q [%P] %s: %t"));
            full->setProperty("times", "local");
            splitter->addChannel(new Poco::FormattingChannel(full, fc));
        } else {
            std::cerr << "sa-batch: warning: no log file: " << s.message() << "\n";
        }
    }
    if (config.get_bool("log.syslog")) {
        Poco::AutoPtr<Poco::SyslogChannel> syslog(new Poco::SyslogChannel(
            "sa-batch", Poco::SyslogChannel::SYSLOG_PID, Poco::SyslogChannel::SYSLOG_MAIL));
        splitter->addChannel(syslog);
    }
    Poco::Logger& root = Poco::Logger::get("sa");
    root.setChannel(splitter);
    try {
        root.setLevel(config.get("log.level"));
    } catch (const Poco::Exception&) {
        throw Error(Status::Code::kConfig, "log.level = '" + config.get("log.level") +
                                               "': expected fatal, error, warning, notice, "
                                               "information or debug");
    }
}

Poco::Logger& logger() {
    return Poco::Logger::get("sa");
}

}  // namespace sa::app
