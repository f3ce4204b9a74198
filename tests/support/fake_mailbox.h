// An in-memory Mailbox for job tests, with faults on demand: moves that fail after a number
// of successes (a job killed between commit and move), a changed UIDVALIDITY, a dropped
// connection during fetch.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "transport/imap.h"

namespace sa::test {

class FakeMailbox final : public Mailbox {
  public:
    struct Message {
        std::uint64_t uid;
        std::string raw;
    };

    void append(const std::string& raw) { folders["INBOX"].push_back({next_uid++, raw}); }
    // The server forgets its UIDs: new UIDVALIDITY, every message renumbered.
    void renumber();

    Result<MailboxStatus> status() override;
    Result<std::vector<MessageRef>> list() override;
    // Each call counts against fetches_before_failure.
    Result<std::map<std::uint64_t, std::string>> fetch(const std::vector<std::uint64_t>& uids,
                                                       std::uint64_t uidvalidity, bool header_only,
                                                       std::size_t max_bytes) override;
    Status ensure_folder(const std::string& name) override;
    // Each message moved counts against moves_before_failure: a batch can fail half-way.
    Status move(const std::vector<std::uint64_t>& uids, std::uint64_t uidvalidity,
                const std::string& name) override;

    std::map<std::string, std::vector<Message>> folders{{"INBOX", {}}};
    std::uint64_t uidvalidity = 1000;
    std::uint64_t next_uid = 1;
    int moves_before_failure = -1;    // < 0: moves never fail
    int fetches_before_failure = -1;  // < 0: fetches never fail
    int fetches = 0;
    std::vector<std::size_t> fetch_sizes;  // how many messages each fetch asked for
    std::size_t count(const std::string& folder) const {
        auto it = folders.find(folder);
        return it == folders.end() ? 0 : it->second.size();
    }

  private:
    Message* find(std::uint64_t uid);
};

}  // namespace sa::test
