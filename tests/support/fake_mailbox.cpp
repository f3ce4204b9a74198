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
    for (const auto& m : folders["INBOX"]) refs.push_back({m.uid, m.raw.size(), m.seen});
    return refs;
}

Result<std::string> FakeMailbox::fetch(std::uint64_t uid, std::uint64_t v) {
    if (fetches_before_failure >= 0 && fetches++ >= fetches_before_failure) {
        return Status::unavailable("injected: connection dropped during FETCH");
    }
    if (v != uidvalidity) return Status::not_found("Mailbox UIDVALIDITY has changed");
    Message* m = find(uid);
    if (!m) return Status::not_found("no message " + std::to_string(uid));
    m->seen = true;
    return m->raw;
}

Result<std::string> FakeMailbox::fetch_header(std::uint64_t uid, std::uint64_t v) {
    auto raw = fetch(uid, v);
    if (!raw) return raw;
    return raw->substr(0, raw->find("\r\n\r\n") + 4);
}

Status FakeMailbox::clear_seen(const std::vector<std::uint64_t>& uids) {
    for (std::uint64_t uid : uids) {
        if (Message* m = find(uid)) m->seen = false;
    }
    return Status::ok();
}

Status FakeMailbox::ensure_folder(const std::string& name) {
    folders[name];
    return Status::ok();
}

Status FakeMailbox::move(const std::vector<std::uint64_t>& uids, const std::string& name) {
    for (std::uint64_t uid : uids) {
        if (moves_before_failure == 0) return Status::unavailable("injected: connection dropped during MOVE");
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
