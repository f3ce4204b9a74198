// What a command runs with: the configuration, and the outside systems built from it on first
// use (clock, random source, store, mail renderer, SMTP transport). Each accessor throws
// sa::Error with a kConfig or kIo code when its piece cannot be built; the command-line
// skeleton turns that into an exit code.
#pragma once

#include <memory>

#include "app/config.h"
#include "text/morphology.h"
#include "core/clock.h"
#include "core/progress.h"
#include "core/random.h"
#include "inbox/decide.h"
#include "inbox/mime_parse.h"
#include "intake/intake_job.h"
#include "mail/renderer.h"
#include "outbox/delivery_policy.h"
#include "store/store.h"
#include "transport/imap.h"
#include "transport/smtp.h"

namespace sa::app {

class Context {
  public:
    // `clock` and `random` replace the system ones (tests); null means the system's.
    explicit Context(Config config, std::unique_ptr<Clock> clock = nullptr,
                     std::unique_ptr<RandomSource> random = nullptr)
        : config_(std::move(config)), clock_(std::move(clock)), random_(std::move(random)) {}

    const Config& config() const { return config_; }
    const Clock& clock();
    RandomSource& random();
    Store& store();
    // The store for commands that only read (lookup, report, search, queue, serve): store()
    // when the database can be opened to write, otherwise opened to read only
    // (open_sqlite_store_to_read), so that staff read a database they cannot write.
    Store& store_to_read();
    // From now on the store is opened for a dry run: the database file is neither created
    // nor migrated (store.h, open_sqlite_store_for_rehearsal).
    void rehearse_only() { rehearsal_ = true; }
    mime::MailRenderer& renderer();
    MailTransport& smtp();
    // A progress line on standard error when it is a terminal; nothing under cron.
    Progress& progress();
    // The secretariat mailbox; only when imap.url is set.
    Mailbox& mailbox();
    bool has_mailbox() const { return !config_.get("imap.url").empty(); }

    intake::IntakeSettings intake_settings() const;
    inbox::MimeLimits mime_limits() const;
    inbox::DecideSettings decide_settings() const;
    // The Japanese analyser (inbox.mecab_dictionary), loaded once per process. Throws
    // sa::Error (kConfig) when the dictionary cannot be loaded.
    std::shared_ptr<const text::Morphology> morphology() const;
    // The secretariat's own addresses (From, Reply-To, envelope, footer, mailbox login).
    std::vector<std::string> own_addresses() const;
    DeliverySettings delivery_settings() const;
    int utc_offset_minutes() const;
    std::string lock_path() const;

  private:
    Config config_;
    std::unique_ptr<Clock> clock_;
    std::unique_ptr<RandomSource> random_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<Store> reader_;
    bool rehearsal_ = false;
    std::unique_ptr<mime::MailRenderer> renderer_;
    std::unique_ptr<MailTransport> smtp_;
    std::unique_ptr<Mailbox> mailbox_;
    std::unique_ptr<Progress> progress_;
};

}  // namespace sa::app
