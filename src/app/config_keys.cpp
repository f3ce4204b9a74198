#include "app/config.h"

namespace sa::app {
namespace {

using Kind = ConfigKey::Kind;

ConfigKey text(const char* name, const char* def, const char* meaning) {
    return {name, def, meaning};
}
ConfigKey number(const char* name, const char* def, const char* meaning, std::int64_t min = 0,
                 std::int64_t max = 2147483647) {
    return {name, def, meaning, Kind::kInt, "", false, min, max};
}
ConfigKey seconds(const char* name, const char* def, const char* meaning,
                  std::int64_t max = 2147483647) {
    return {name, def, meaning, Kind::kSeconds, "", false, 0, max};
}
ConfigKey boolean(const char* name, const char* def, const char* meaning) {
    return {name, def, meaning, Kind::kBool};
}
ConfigKey choice(const char* name, const char* def, const char* meaning, const char* choices) {
    return {name, def, meaning, Kind::kChoice, choices};
}
ConfigKey url(const char* name, const char* def, const char* meaning, const char* schemes,
              bool may_be_empty) {
    return {name, def, meaning, Kind::kUrl, schemes, may_be_empty};
}
ConfigKey path(const char* name, const char* def, const char* meaning, bool may_be_empty) {
    return {name, def, meaning, Kind::kPath, "", may_be_empty};
}

}  // namespace

const std::vector<ConfigKey>& config_keys() {
    static const std::vector<ConfigKey> kKeys = {
        path("database.path", "var/sa-batch.db", "SQLite database file (created when missing)",
             false),
        // At most a day: SQLite takes the wait in milliseconds as an int.
        seconds("database.busy_timeout", "10s",
                "how long to wait for another process's transaction", 86400),

        path("intake.spool", "var/spool",
             "directory the web form drops export files into; done/ and rejected/ are created in "
             "it",
             false),
        choice("intake.encoding", "auto",
               "CSV encoding: auto (a BOM, or mostly valid UTF-8, else CP932), utf-8, cp932",
               "auto||utf-8|utf8|cp932|shift_jis|sjis|windows-31j"),
        number("intake.max_file_bytes", "104857600",
               "a larger file is not read (moved to rejected/)"),
        number("intake.max_record_bytes", "65536", "a longer record is rejected"),
        seconds("intake.settle_seconds", "10",
                "a file modified more recently than this is assumed to be still being written"),
        number("intake.commit_every", "500", "records committed per transaction"),

        url("smtp.url", "smtp://127.0.0.1:25",
            "smtp://host:port (STARTTLS per smtp.tls) or smtps://host:port", "smtp|smtps", false),
        choice("smtp.tls", "required", "STARTTLS on smtp://: none, opportunistic or required",
               "none|opportunistic|required"),
        boolean("smtp.tls_verify", "true", "check the server certificate and host name"),
        path("smtp.ca_file", "", "CA bundle for the certificate check; empty: the system's", true),
        text("smtp.username", "", "SMTP AUTH user; empty: no AUTH"),
        path("smtp.password_file", "",
             "file holding the SMTP password alone; must not be readable by group or others", true),
        text("smtp.password_env", "", "name of an environment variable holding the SMTP password"),
        seconds("smtp.connect_timeout", "30s", "time allowed to connect and greet"),
        seconds("smtp.timeout", "300s",
                "time allowed for one message, MAIL FROM to the final reply"),

        url("imap.url", "",
            "secretariat mailbox, imap://host:port/INBOX or imaps://…; empty: no mailbox",
            "imap|imaps", true),
        text("imap.username", "", "IMAP login"),
        path("imap.password_file", "",
             "file holding the IMAP password alone; must not be readable by group or others", true),
        text("imap.password_env", "", "name of an environment variable holding the IMAP password"),
        choice("imap.tls", "",
               "STARTTLS on imap://: required, when-offered or none; empty: required, "
               "when-offered for a loopback host",
               "|required|when-offered|none"),
        boolean("imap.tls_verify", "true", "check the server certificate and host name"),
        path("imap.ca_file", "", "CA bundle for the certificate check; empty: the system's", true),
        seconds("imap.timeout", "120s", "time allowed for one IMAP command"),

        number("inbox.max_message_bytes", "10485760",
               "a larger message is not fetched (its header is kept) and goes to a person"),
        number("inbox.max_header_line_bytes", "16384",
               "longer header lines are cut before MIME parsing"),
        number("inbox.max_parts", "200", "a message with more MIME parts is unreadable"),
        number("inbox.max_depth", "10", "deeper multipart nesting is not followed"),
        seconds("inbox.parse_timeout", "10s", "time allowed to parse one message"),
        number("inbox.max_answers_per_sender_per_day", "3",
               "automatic answers to one address per day"),
        number("inbox.max_answers_per_domain_per_day", "20",
               "automatic answers to one domain per day, whichever of its addresses asks"),
        number("inbox.batch_messages", "200", "messages fetched, decided and moved together"),
        number("inbox.batch_bytes", "16777216", "at most this many bytes of messages in one batch"),
        number("inbox.max_id_answers_per_business_per_day", "2",
               "mails carrying IDs sent for one business per day, whoever asks"),
        number("inbox.min_confidence", "50",
               "percent: a request read with less confidence goes to a person, unanswered", 0, 100),
        path("inbox.mecab_dictionary", "/var/lib/mecab/dic/ipadic-utf8",
             "MeCab dictionary directory (IPADIC, UTF-8) for reading Japanese mail", false),

        text("mail.from", "noreply@security-action.example", "From address of every mail"),
        text("mail.from_name", "SECURITY ACTION事務局", "From display name"),
        text("mail.reply_to", "", "Reply-To address (the secretariat mailbox); empty: none"),
        text("mail.envelope_from", "", "SMTP MAIL FROM (bounces return here); empty: mail.from"),
        choice("mail.charset", "utf-8", "utf-8 or iso-2022-jp (text it cannot hold goes as UTF-8)",
               "utf-8|utf8|iso-2022-jp"),
        text("mail.secretariat_email", "security-action-info@security-action.example",
             "address printed in every mail's footer"),
        text("mail.site_url", "https://security-shien.ipa.go.jp/security/index.html",
             "自己宣言者サイト, printed in the acceptance mail"),
        text("mail.search_url", "https://security-shien.ipa.go.jp/security/search/index.html",
             "public search of declared businesses, quoted in answers"),
        text("mail.apply_url", "https://security-shien.ipa.go.jp/security/",
             "where to declare, quoted in answers"),
        path("mail.templates", "mail_templates", "directory of the mail templates", false),
        {"mail.utc_offset", "+09:00",
         "offset for the Date header, dates in mails and the day of the daily caps",
         Kind::kUtcOffset},

        seconds("delivery.min_backoff", "5m",
                "wait after the first failed attempt; doubles each time"),
        seconds("delivery.max_backoff", "4h", "longest wait between attempts"),
        seconds("delivery.max_lifetime", "5d", "a mail not delivered by then fails"),

        number("acceptance.review_days", "14",
               "days after issue when accept-due accepts a declaration with no open flag"),

        text("report.digest_to", "", "address the staff digest (report --digest) is mailed to"),

        number("search.max_results", "100", "rows a search returns at most"),
        text("serve.address", "127.0.0.1",
             "address sa-batch serve listens on (loopback by default)"),
        number("serve.port", "8080", "port sa-batch serve listens on; 0: any free port", 0, 65535),

        path("log.file", "var/log/sa-batch.log", "log file; empty: no file", true),
        // The names and numbers Poco's Logger takes.
        choice("log.level", "information", "fatal, error, warning, notice, information, debug",
               "none|fatal|critical|error|warning|notice|information|debug|trace|1|2|3|4|5|6|7|8"),
        {"log.rotate_size", "10M", "rotate the log file at this size (bytes, or with K or M)",
         Kind::kBytes, "", true, 1},
        number("log.keep", "10", "rotated log files kept", 1),
        boolean("log.syslog", "false", "also log to syslog (journal)"),

        path("lock.path", "", "job lock file; empty: database.path + \".lock\"", true),
        {"clock.fixed", "",
         "ISO 8601 time the program takes as now (tests and replays); empty: the system clock",
         Kind::kTime},
    };
    return kKeys;
}

}  // namespace sa::app
