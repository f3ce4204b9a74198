#include "app/context.h"

#include <unistd.h>

#include "app/secrets.h"
#include "core/file_system.h"
#include "core/time_format.h"
#include "text/normalize.h"
#include "transport/imap_tls.h"

namespace sa::app {
namespace {

template <typename T>
T or_throw(Result<T> r) {
    if (!r) throw Error(r.status());
    return std::move(*r);
}

// imap.tls; left empty, what imap.url's host calls for (transport/imap_tls.h).
ImapSettings::Tls imap_tls(const Config& config) {
    const std::string tls = text::lower_ascii(config.get("imap.tls"));
    if (tls.empty()) return imap::default_tls(config.get("imap.url"));
    if (tls == "none") return ImapSettings::Tls::kNone;
    if (tls == "when-offered") return ImapSettings::Tls::kWhenOffered;
    if (tls == "required") return ImapSettings::Tls::kRequired;
    throw Error(Status::Code::kConfig, "imap.tls = '" + config.get("imap.tls") +
                                           "': expected required, when-offered or none");
}

}  // namespace

const Clock& Context::clock() {
    if (!clock_) {
        std::string fixed = config_.get("clock.fixed");
        if (fixed.empty()) {
            clock_ = std::make_unique<SystemClock>();
        } else {
            auto t = parse_iso8601(fixed);
            if (!t) throw Error(Status::Code::kConfig, "clock.fixed: " + t.status().message());
            clock_ = std::make_unique<FixedClock>(*t);
        }
    }
    return *clock_;
}

RandomSource& Context::random() {
    if (!random_) random_ = std::make_unique<SystemRandom>();
    return *random_;
}

Store& Context::store() {
    if (!store_) {
        std::string path = config_.get("database.path");
        const int busy_ms = static_cast<int>(config_.get_seconds("database.busy_timeout") * 1000);
        if (rehearsal_) {
            store_ = open_sqlite_store_for_rehearsal(path, busy_ms);
            return *store_;
        }
        Status s = fs::make_dirs(fs::dirname(path));
        if (!s) throw Error(s.with_context("database.path"));
        store_ = open_sqlite_store(path, busy_ms);
    }
    return *store_;
}

Store& Context::store_to_read() {
    if (store_) return *store_;
    if (reader_) return *reader_;
    try {
        return store();
    } catch (const Error& e) {
        if (e.code() != Status::Code::kIo) throw;
    }
    // The database or its directory cannot be written: read it as it is.
    reader_ = open_sqlite_store_to_read(
        config_.get("database.path"),
        static_cast<int>(config_.get_seconds("database.busy_timeout") * 1000));
    return *reader_;
}

int Context::utc_offset_minutes() const {
    auto offset = parse_utc_offset(config_.get("mail.utc_offset"));
    if (!offset)
        throw Error(Status::Code::kConfig, "mail.utc_offset: " + offset.status().message());
    return *offset;
}

mime::MailRenderer& Context::renderer() {
    if (!renderer_) {
        mime::MailSettings m;
        m.from_name = config_.get("mail.from_name");
        m.from_address = config_.get("mail.from");
        m.reply_to = config_.get("mail.reply_to");
        m.envelope_from = config_.get("mail.envelope_from");
        std::string charset = text::lower_ascii(config_.get("mail.charset"));
        if (charset == "utf-8" || charset == "utf8") {
            m.charset = "UTF-8";
        } else if (charset == "iso-2022-jp") {
            m.charset = "ISO-2022-JP";
        } else {
            throw Error(Status::Code::kConfig, "mail.charset must be utf-8 or iso-2022-jp");
        }
        m.secretariat_email = config_.get("mail.secretariat_email");
        m.site_url = config_.get("mail.site_url");
        m.search_url = config_.get("mail.search_url");
        m.apply_url = config_.get("mail.apply_url");
        m.templates_dir = config_.get("mail.templates");
        m.utc_offset_minutes = utc_offset_minutes();
        renderer_ = std::make_unique<mime::MailRenderer>(
            or_throw(mime::MailRenderer::create(std::move(m), random())));
    }
    return *renderer_;
}

MailTransport& Context::smtp() {
    if (!smtp_) {
        SmtpSettings s;
        s.url = config_.get("smtp.url");
        std::string tls = text::lower_ascii(config_.get("smtp.tls"));
        if (tls == "none") {
            s.tls = SmtpSettings::Tls::kNone;
        } else if (tls == "opportunistic") {
            s.tls = SmtpSettings::Tls::kOpportunistic;
        } else if (tls == "required") {
            s.tls = SmtpSettings::Tls::kRequired;
        } else {
            throw Error(Status::Code::kConfig, "smtp.tls must be none, opportunistic or required");
        }
        s.verify_peer = config_.get_bool("smtp.tls_verify");
        s.ca_file = config_.get("smtp.ca_file");
        s.username = config_.get("smtp.username");
        s.password = or_throw(load_secret(config_.get("smtp.password_file"),
                                          config_.get("smtp.password_env"), "smtp.password_file"));
        s.connect_timeout_seconds = static_cast<long>(config_.get_seconds("smtp.connect_timeout"));
        s.timeout_seconds = static_cast<long>(config_.get_seconds("smtp.timeout"));
        smtp_ = make_curl_smtp_transport(s);
    }
    return *smtp_;
}

Progress& Context::progress() {
    if (!progress_) {
        if (::isatty(2)) {
            progress_ = std::make_unique<TerminalProgress>();
        } else {
            progress_ = std::make_unique<NoProgress>();
        }
    }
    return *progress_;
}

Mailbox& Context::mailbox() {
    if (!mailbox_) {
        ImapSettings s;
        s.url = config_.get("imap.url");
        if (s.url.empty())
            throw Error(Status::Code::kConfig, "imap.url is empty: no mailbox configured");
        s.tls = imap_tls(config_);
        s.username = config_.get("imap.username");
        s.password = or_throw(load_secret(config_.get("imap.password_file"),
                                          config_.get("imap.password_env"), "imap.password_file"));
        s.verify_peer = config_.get_bool("imap.tls_verify");
        s.ca_file = config_.get("imap.ca_file");
        s.timeout_seconds = static_cast<long>(config_.get_seconds("imap.timeout"));
        mailbox_ = make_curl_imap_mailbox(s);
    }
    return *mailbox_;
}

inbox::DecideSettings Context::decide_settings() const {
    inbox::DecideSettings d;
    d.max_answers_per_sender_per_day =
        static_cast<int>(config_.get_int("inbox.max_answers_per_sender_per_day"));
    d.max_id_answers_per_business_per_day =
        static_cast<int>(config_.get_int("inbox.max_id_answers_per_business_per_day"));
    d.max_answers_per_domain_per_day =
        static_cast<int>(config_.get_int("inbox.max_answers_per_domain_per_day"));
    d.utc_offset_minutes = utc_offset_minutes();
    d.min_confidence = static_cast<double>(config_.get_int("inbox.min_confidence")) / 100.0;
    return d;
}

std::shared_ptr<const text::Morphology> Context::morphology() const {
    auto m = text::Morphology::load(config_.get("inbox.mecab_dictionary"));
    if (!m) throw Error(m.status());
    return *m;
}

intake::IntakeSettings Context::intake_settings() const {
    intake::IntakeSettings s;
    s.spool_dir = config_.get("intake.spool");
    auto enc = intake::parse_encoding(config_.get("intake.encoding"));
    if (!enc) throw Error(Status::Code::kConfig, "intake.encoding must be auto, utf-8 or cp932");
    s.encoding = *enc;
    s.max_file_bytes = static_cast<std::uint64_t>(config_.get_int("intake.max_file_bytes"));
    s.max_record_bytes = static_cast<std::size_t>(config_.get_int("intake.max_record_bytes"));
    s.settle_seconds = static_cast<int>(config_.get_seconds("intake.settle_seconds"));
    s.commit_every = static_cast<std::size_t>(config_.get_int("intake.commit_every"));
    if (s.commit_every == 0) s.commit_every = 1;
    s.utc_offset_minutes = utc_offset_minutes();
    return s;
}

inbox::MimeLimits Context::mime_limits() const {
    inbox::MimeLimits l;
    l.max_message_bytes = static_cast<std::size_t>(config_.get_int("inbox.max_message_bytes"));
    l.max_header_line_bytes =
        static_cast<std::size_t>(config_.get_int("inbox.max_header_line_bytes"));
    l.max_parts = static_cast<std::size_t>(config_.get_int("inbox.max_parts"));
    l.max_depth = static_cast<std::size_t>(config_.get_int("inbox.max_depth"));
    l.timeout_seconds = static_cast<int>(config_.get_seconds("inbox.parse_timeout"));
    return l;
}

std::vector<std::string> Context::own_addresses() const {
    std::vector<std::string> own;
    for (const char* key : {"mail.from", "mail.reply_to", "mail.envelope_from",
                            "mail.secretariat_email", "imap.username"}) {
        std::string v = text::lower_ascii(config_.get(key));
        if (v.find('@') != std::string::npos) own.push_back(v);
    }
    return own;
}

DeliverySettings Context::delivery_settings() const {
    DeliverySettings d;
    d.min_backoff_seconds = config_.get_seconds("delivery.min_backoff");
    d.max_backoff_seconds = config_.get_seconds("delivery.max_backoff");
    d.max_lifetime_seconds = config_.get_seconds("delivery.max_lifetime");
    return d;
}

std::string Context::lock_path() const {
    std::string p = config_.get("lock.path");
    return p.empty() ? config_.get("database.path") + ".lock" : p;
}

}  // namespace sa::app
