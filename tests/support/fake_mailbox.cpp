#include "support/fake_mailbox.h"

namespace sa::test {

void FakeMailbox::renumber() {
    ++uidvalidity;
    next_uid = 1;
    for (auto& m : folders["INBOX"]) m.uid = next_uid++;
}

FakeMailbox::Message* FakeMailbox::find(std::uint64_t uid) {
    for (auto& m : folders["INBOX"]) {
        if (m.uid == uid) return &m;
    }
    return nullptr;
}

Result<MailboxStatus> FakeMailbox::status() {
    return MailboxStatus{uidvalidity, next_uid, folders["INBOX"].size()};
}

Result<std::vector<MessageRef>> FakeMailbox::list() {
    std::vector<MessageRef> refs;
    for (const auto& m : folders["INBOX"]) refs.push_back({m.uid, m.raw.size()});
    return refs;
}

Result<std::map<std::uint64_t, std::string>> FakeMailbox::fetch(
    const std::vector<std::uint64_t>& uids, std::uint64_t v, bool header_only,
    std::size_t max_bytes) {
    fetch_sizes.push_back(uids.size());
    if (fetches_before_failure >= 0 && fetches++ >= fetches_before_failure) {
        return Status::unavailable("injected: connection dropped during FETCH");
    }
    if (v != uidvalidity)
        return Status::not_found("UIDVALIDITY is now " + std::to_string(uidvalidity));
    std::map<std::uint64_t, std::string> out;
    for (std::uint64_t uid : uids) {
        const Message* m = find(uid);
        if (!m) continue;  // expunged meanwhile
        std::string raw = header_only ? m->raw.substr(0, m->raw.find("\r\n\r\n") + 4) : m->raw;
        out[uid] = raw.substr(0, max_bytes);
    }
    return out;
}

Status FakeMailbox::ensure_folder(const std::string& name) {
    folders[name];
    return Status::ok();
}

Status FakeMailbox::move(const std::vector<std::uint64_t>& uids, std::uint64_t v,
                         const std::string& name) {
    if (v != uidvalidity)
        return Status::not_found("UIDVALIDITY is now " + std::to_string(uidvalidity));
    for (std::uint64_t uid : uids) {
        if (moves_before_failure == 0)
            return Status::unavailable("injected: connection dropped during MOVE");
        if (moves_before_failure > 0) --moves_before_failure;
        auto& inbox = folders["INBOX"];
        for (auto it = inbox.begin(); it != inbox.end(); ++it) {
            if (it->uid == uid) {
                folders[name].push_back(*it);
                inbox.erase(it);
                break;
            }
        }
    }
    return Status::ok();
}

}  // namespace sa::test
