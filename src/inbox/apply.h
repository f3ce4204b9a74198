// A decision made durable, in the batch's transaction: its mails rendered, the message
// recorded with the decision and why, the mails queued with the message's row, the caps
// counted, a bounced contact marked. A mail that cannot be composed as planned is a
// per-message outcome: an answer whose threading the composer refuses goes without it; a
// mail that cannot be composed at all is not queued and the message goes to a person.
#pragma once

#include <string>
#include <vector>

#include "inbox/decide.h"
#include "mail/renderer.h"
#include "store/store.h"

namespace sa::inbox {

// The mails of `d` rendered; `d` is updated where a mail could not be composed as planned.
// Writes nothing. Throws only on a broken invariant (a mail with numbers to someone other
// than the registered contact).
std::vector<OutboxMail> render(const Analysis& a, Decision& d, mime::MailRenderer& renderer,
                               const DecideSettings& settings, UnixTime now);

// Records `record` (filled with `d`) and queues `mails` with its row through `tx`; counts the
// caps of `d` under `day` and marks its bounced contact. Returns the record's row.
std::int64_t record(Transaction& tx, InboundRecord& record, const Decision& d,
                    std::vector<OutboxMail>& mails, const std::string& day, UnixTime now);

}  // namespace sa::inbox
