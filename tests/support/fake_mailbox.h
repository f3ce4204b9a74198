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
        bool seen = false;
    };

    void append(const std::string& raw, bool seen = false) { folders["INBOX"].push_back({next_uid++, raw, seen}); }
    // The server forgets its UIDs: new UIDVALIDITY, every message renumbered.
    void renumber();

    Result<MailboxStatus> status() override;
    Result<std::vector<MessageRef>> list() override;
    Result<std::string> fetch(std::uint64_t uid, std::uint64_t uidvalidity) override;
    Result<std::string> fetch_header(std::uint64_t uid, std::uint64_t uidvalidity) override;
    Status clear_seen(const std::vector<std::uint64_t>& uids) override;
    Status ensure_folder(const std::string& name) override;
    // Each message moved counts against moves_before_failure: a batch can fail half-way.
    Status move(const std::vector<std::uint64_t>& uids, const std::string& name) override;

    std::map<std::string, std::vector<Message>> folders{{"INBOX", {}}};
    std::uint64_t uidvalidity = 1000;
    std::uint64_t next_uid = 1;
    int moves_before_failure = -1;   // < 0: moves never fail
    int fetches_before_failure = -1;  // < 0: fetches never fail
    int fetches = 0;
    std::size_t count(const std::string& folder) const {
        auto it = folders.find(folder);
        return it == folders.end() ? 0 : it->second.size();
    }

private:
    Message* find(std::uint64_t uid);
};

}  // namespace sa::test
