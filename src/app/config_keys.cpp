#include "app/config.h"

namespace sa::app {

const std::vector<ConfigKey>& config_keys() {
    static const std::vector<ConfigKey> kKeys = {
        {"database.path", "var/sa-batch.db", "SQLite database file (created when missing)"},
        {"database.busy_timeout", "10s", "how long to wait for another process's transaction",
         ConfigKey::Kind::kSeconds},

        {"intake.spool", "var/spool",
         "directory the web form drops export files into; done/ and rejected/ are created in it"},
        {"intake.encoding", "auto",
         "CSV encoding: auto (BOM or valid UTF-8, else CP932), utf-8, cp932"},
        {"intake.max_file_bytes", "104857600", "a larger file is not read (moved to rejected/)",
         ConfigKey::Kind::kInt},
        {"intake.max_record_bytes", "65536", "a longer record is rejected", ConfigKey::Kind::kInt},
        {"intake.settle_seconds", "10",
         "a file modified more recently than this is assumed to be still being written",
         ConfigKey::Kind::kSeconds},
        {"intake.commit_every", "500", "records committed per transaction", ConfigKey::Kind::kInt},

        {"smtp.url", "smtp://127.0.0.1:25",
         "smtp://host:port (STARTTLS per smtp.tls) or smtps://host:port"},
        {"smtp.tls", "required", "STARTTLS on smtp://: none, opportunistic or required"},
        {"smtp.tls_verify", "true", "check the server certificate and host name",
         ConfigKey::Kind::kBool},
        {"smtp.ca_file", "", "CA bundle for the certificate check; empty: the system's"},
        {"smtp.username", "", "SMTP AUTH user; empty: no AUTH"},
        {"smtp.password_file", "",
         "file holding the SMTP password alone; must not be readable by group or others"},
        {"smtp.password_env", "", "name of an environment variable holding the SMTP password"},
        {"smtp.connect_timeout", "30s", "time allowed to connect and greet",
         ConfigKey::Kind::kSeconds},
        {"smtp.timeout", "300s", "time allowed for one message, MAIL FROM to the final reply",
         ConfigKey::Kind::kSeconds},

        {"imap.url", "",
         "secretariat mailbox, imap://host:port/INBOX or imaps://…; empty: no mailbox"},
        {"imap.username", "", "IMAP login"},
        {"imap.password_file", "",
         "file holding the IMAP password alone; must not be readable by group or others"},
        {"imap.password_env", "", "name of an environment variable holding the IMAP password"},
        {"imap.tls_verify", "true", "check the server certificate and host name",
         ConfigKey::Kind::kBool},
        {"imap.ca_file", "", "CA bundle for the certificate check; empty: the system's"},
        {"imap.timeout", "120s", "time allowed for one IMAP command", ConfigKey::Kind::kSeconds},

        {"inbox.max_message_bytes", "10485760",
         "a larger message is not fetched (its header is kept) and goes to a person",
         ConfigKey::Kind::kInt},
        {"inbox.max_header_line_bytes", "16384", "longer header lines are cut before MIME parsing",
         ConfigKey::Kind::kInt},
        {"inbox.max_parts", "200", "a message with more MIME parts is unreadable",
         ConfigKey::Kind::kInt},
        {"inbox.max_depth", "10", "deeper multipart nesting is not followed",
         ConfigKey::Kind::kInt},
        {"inbox.parse_timeout", "10s", "time allowed to parse one message",
         ConfigKey::Kind::kSeconds},
        {"inbox.max_answers_per_sender_per_day", "3", "automatic answers to one address per day",
         ConfigKey::Kind::kInt},
        {"inbox.max_id_answers_per_business_per_day", "2",
         "mails carrying IDs sent for one business per day, whoever asks", ConfigKey::Kind::kInt},

        {"mail.from", "noreply@security-action.example", "From address of every mail"},
        {"mail.from_name", "SECURITY ACTION事務局", "From display name"},
        {"mail.reply_to", "", "Reply-To address (the secretariat mailbox); empty: none"},
        {"mail.envelope_from", "", "SMTP MAIL FROM (bounces return here); empty: mail.from"},
        {"mail.charset", "utf-8", "utf-8 or iso-2022-jp (text it cannot hold goes as UTF-8)"},
        {"mail.secretariat_email", "security-action-info@security-action.example",
         "address printed in every mail's footer"},
        {"mail.site_url", "https://security-shien.ipa.go.jp/security/index.html",
         "自己宣言者サイト, printed in the acceptance mail"},
        {"mail.search_url", "https://security-shien.ipa.go.jp/security/search/index.html",
         "public search of declared businesses, quoted in answers"},
        {"mail.apply_url", "https://security-shien.ipa.go.jp/security/",
         "where to declare, quoted in answers"},
        {"mail.templates", "mail_templates", "directory of the mail templates"},
        {"mail.utc_offset", "+09:00", "offset for the Date header and dates in mails"},

        {"delivery.min_backoff", "5m", "wait after the first failed attempt; doubles each time",
         ConfigKey::Kind::kSeconds},
        {"delivery.max_backoff", "4h", "longest wait between attempts", ConfigKey::Kind::kSeconds},
        {"delivery.max_lifetime", "5d", "a mail not delivered by then fails",
         ConfigKey::Kind::kSeconds},

        {"acceptance.review_days", "14",
         "days after issue when accept-due accepts a declaration with no open flag",
         ConfigKey::Kind::kInt},

        {"report.digest_to", "", "address the staff digest (report --digest) is mailed to"},

        {"search.max_results", "100", "rows a search returns at most", ConfigKey::Kind::kInt},
        {"serve.address", "127.0.0.1", "address sa-batch serve listens on (loopback by default)"},
        {"serve.port", "8080", "port sa-batch serve listens on; 0: any free port",
         ConfigKey::Kind::kInt},

        {"log.file", "var/log/sa-batch.log", "log file; empty: no file"},
        {"log.level", "information", "fatal, error, warning, notice, information, debug"},
        {"log.rotate_size", "10M", "rotate the log file at this size"},
        {"log.keep", "10", "rotated log files kept", ConfigKey::Kind::kInt},
        {"log.syslog", "false", "also log to syslog (journal)", ConfigKey::Kind::kBool},

        {"lock.path", "", "job lock file; empty: database.path + \".lock\""},
        {"clock.fixed", "",
         "ISO 8601 time the program takes as now (tests and replays); empty: the system clock"},
    };
    return kKeys;
}

}  // namespace sa::app
