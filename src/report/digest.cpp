#include "report/digest.h"

#include <sstream>

#include "core/time_format.h"
#include "domain/ids.h"
#include "intake/reader.h"
#include "intake/validate.h"
#include "report/chart.h"
#include "report/labels.h"
#include "text/html.h"

namespace sa::report {
namespace {

constexpr std::size_t kListed = 50;

std::string when(UnixTime t, int off) {
    return format_iso8601(t, off).substr(0, 16).replace(10, 1, " ");
}

std::int64_t count_of(const std::map<std::string, std::int64_t>& m, const char* key) {
    auto it = m.find(key);
    return it == m.end() ? 0 : it->second;
}

// "UTF-8(全体が正しいUTF-8 …)", or why the file could not be read.
std::string read_as(const IntakeFile& f) {
    if (!f.error.empty()) return "読めないファイル: " + f.error;
    return f.encoding + "(" + intake::evidence_in_japanese(f.encoding_evidence) + ")";
}

// "担当者メールアドレス (contact_email): …": the column's Japanese name, and the name the
// export and check-intake --json use.
std::string errors_of(const IntakeRecordRow& r) {
    std::string out;
    for (const auto& e : r.errors) {
        out += (out.empty() ? "" : "; ") + intake::field_label(e.field) + ": " + e.message;
    }
    return out;
}

}  // namespace

Result<Digest> collect(Store& store, UnixTime now, int off) {
    Digest d;
    d.generated_at = now;
    d.utc_offset_minutes = off;
    Status s = store.read([&](Transaction& tx) {
        d.counts = tx.report_counts();
        d.waiting = tx.waiting_for_person(kListed);
        d.deferred = tx.mails_in_state(MailState::kDeferred, kListed);
        d.failed = tx.mails_in_state(MailState::kFailed, kListed);
        d.unknown = tx.mails_in_state(MailState::kUnknown, kListed);
        d.undeliverable = tx.undeliverable_contacts(kListed);
        for (std::int64_t after = 0;;) {
            auto page = tx.intake_records(IntakeOutcome::kRejected, after, 500);
            if (page.empty()) break;
            for (auto& r : page) {
                after = r.id;
                if (r.recorded_at >= now - 7 * 86400 && d.rejected.size() < 2 * kListed)
                    d.rejected.push_back(std::move(r));
            }
        }
        for (IntakeFile& f : tx.recent_intake_files(kListed)) {
            if (f.received_at >= now - 7 * 86400) d.files.push_back(std::move(f));
        }
        for (const Flag& f : tx.open_flags(kListed)) {
            if (auto decl = tx.declaration(f.declaration_row)) d.flags.emplace_back(f, *decl);
        }
        d.series = tx.daily_series(now, 30, off);
    });
    if (!s) return s;
    return d;
}

std::string to_text(const Digest& d) {
    const int off = d.utc_offset_minutes;
    const auto& c = d.counts;
    std::ostringstream out;
    out << "SECURITY ACTION事務局 日報 " << format_date(d.generated_at, off) << " ("
        << when(d.generated_at, off) << " 現在)\n\n";
    out << "■ 宣言: 受理済み " << count_of(c.declarations, "accepted") << " / 審査中 "
        << count_of(c.declarations, "issued") << " / 取り下げ "
        << count_of(c.declarations, "withdrawn") << "\n";
    out << "■ メール: 送信済み " << count_of(c.mails, "sent") << " / 送信待ち "
        << count_of(c.mails, "queued") << " / 再送待ち " << count_of(c.mails, "deferred")
        << " / 失敗 " << count_of(c.mails, "failed") << " / 不明 " << count_of(c.mails, "unknown")
        << "\n\n";
    out << "■ 対応待ちのお問い合わせ: " << c.waiting << " 件 (古い順)\n";
    for (const auto& w : d.waiting) {
        out << "  #" << w.id << " " << when(w.received_at, off) << " " << intent_label(w.intent)
            << " " << w.sender << " 「" << mask_user_numbers_in(w.subject) << "」\n";
    }
    auto mails = [&](const char* title, const std::vector<OutboxMail>& list) {
        out << "\n■ " << title << ": " << list.size() << " 件\n";
        for (const auto& m : list) {
            out << "  #" << m.id << " " << when(m.created_at, off) << " " << mail_kind_label(m.kind)
                << " " << m.recipient << " (試行 " << m.attempts << " 回) " << m.last_error << "\n";
        }
    };
    mails("再送待ちのメール", d.deferred);
    mails("送信できなかったメール", d.failed);
    mails("送信結果が不明のメール (自動では再送しません)", d.unknown);
    out << "\n■ 不達になった担当者アドレス: " << d.undeliverable.size() << " 件\n";
    for (const auto& decl : d.undeliverable) {
        out << "  " << decl.declaration_id << " " << display_name(decl.application) << " "
            << decl.application.contact_email << "\n";
    }
    out << "\n■ 確認待ちのフラグ: " << d.flags.size()
        << " 件 (古い順、sa-batch clear-flag で閉じます)\n";
    for (const auto& [f, decl] : d.flags) {
        out << "  #" << f.id << " " << when(f.opened_at, off) << " " << flag_kind_label(f.kind)
            << " " << decl.declaration_id << " " << display_name(decl.application) << ": " << f.note
            << "\n";
    }
    out << "\n■ 直近7日間に受付できなかった申込み: " << d.rejected.size() << " 件\n";
    for (const auto& r : d.rejected) {
        out << "  " << r.file_name << " #" << r.record_no << " ("
            << (r.application_id.empty() ? "IDなし" : r.application_id) << "): " << errors_of(r)
            << "\n";
    }
    out << "\n■ 直近7日間に受け付けたファイル: " << d.files.size()
        << " 件 (文字コードと判定の根拠)\n";
    for (const auto& f : d.files) {
        out << "  " << when(f.received_at, off) << " " << f.name << " " << f.records_done
            << " 件: " << read_as(f) << "\n";
    }
    std::int64_t intake = 0, answers = 0;
    for (auto v : d.series.intake) intake += v;
    for (auto v : d.series.answers) answers += v;
    out << "\n■ 過去30日: 申込み " << intake << " 件、自動回答 " << answers
        << " 件、対応待ち(本日末) " << (d.series.backlog.empty() ? 0 : d.series.backlog.back())
        << " 件 (グラフは添付の chart.svg)\n";
    return out.str();
}

std::string to_svg(const Digest& d) {
    return svg_chart("過去30日の推移", d.series.days,
                     {{"申込み", "#4e79a7", d.series.intake, false},
                      {"自動回答", "#f28e2b", d.series.answers, false},
                      {"対応待ち", "#e15759", d.series.backlog, true}});
}

std::string to_html(const Digest& d) {
    const int off = d.utc_offset_minutes;
    const auto& c = d.counts;
    auto e = [](const std::string& s) { return text::escape_html(s); };
    std::ostringstream h;
    h << "<!doctype html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>SECURITY "
         "ACTION事務局 日報 "
      << format_date(d.generated_at, off)
      << "</title><style>body{font-family:sans-serif;margin:2em;max-width:64em}"
      << "table{border-collapse:collapse;margin-bottom:1.5em}td,th{border-bottom:1px solid "
         "#ccc;padding:.3em .6em;"
      << "text-align:left}.n{text-align:right}</style></head><body>\n";
    h << "<h1>SECURITY ACTION事務局 日報 " << format_date(d.generated_at, off) << "</h1><p>"
      << when(d.generated_at, off)
      << " 現在</p>\n<table "
         "id=\"counts\"><tr><th>受理済み</th><th>審査中</th><th>取り下げ</th><th>送信済み</"
         "th><th>再送待ち</th>"
      << "<th>失敗</th><th>不明</th><th>対応待ち</th></tr><tr>";
    for (std::int64_t v : {count_of(c.declarations, "accepted"), count_of(c.declarations, "issued"),
                           count_of(c.declarations, "withdrawn"), count_of(c.mails, "sent"),
                           count_of(c.mails, "deferred"), count_of(c.mails, "failed"),
                           count_of(c.mails, "unknown"), c.waiting}) {
        h << "<td class=\"n\">" << v << "</td>";
    }
    h << "</tr></table>\n" << to_svg(d);
    h << "<h2>対応待ちのお問い合わせ (" << c.waiting
      << " 件)</h2><table id=\"waiting\"><tr><th>#</th><th>受信</th><th>内容</th>"
      << "<th>差出人</th><th>件名</th></tr>";
    for (const auto& w : d.waiting) {
        h << "<tr><td>" << w.id << "</td><td>" << when(w.received_at, off) << "</td><td>"
          << e(intent_label(w.intent)) << "</td><td>" << e(w.sender) << "</td><td>"
          << e(mask_user_numbers_in(w.subject)) << "</td></tr>";
    }
    h << "</table>\n<h2>届いていないメール</h2><table "
         "id=\"mails\"><tr><th>#</th><th>状態</th><th>種類</th><th>宛先</th>"
      << "<th>試行</th><th>理由</th></tr>";
    for (const auto* list : {&d.deferred, &d.failed, &d.unknown}) {
        for (const auto& m : *list) {
            h << "<tr><td>" << m.id << "</td><td>" << e(mail_state_label(to_string(m.state)))
              << "</td><td>" << e(mail_kind_label(m.kind)) << "</td><td>" << e(m.recipient)
              << "</td><td class=\"n\">" << m.attempts << "</td><td>" << e(m.last_error)
              << "</td></tr>";
        }
    }
    h << "</table>\n<h2>不達の担当者アドレス (" << d.undeliverable.size()
      << " 件)</h2><table id=\"bounced\">";
    for (const auto& decl : d.undeliverable) {
        h << "<tr><td>" << e(decl.declaration_id) << "</td><td>"
          << e(display_name(decl.application)) << "</td><td>" << e(decl.application.contact_email)
          << "</td></tr>";
    }
    h << "</table>\n<h2>確認待ちのフラグ (" << d.flags.size()
      << " 件)</h2><table id=\"flags\"><tr><th>#</th><th>開始</th><th>種類</th><th>自己宣言ID</th>"
      << "<th>事業者</th><th>理由</th></tr>";
    for (const auto& [f, decl] : d.flags) {
        h << "<tr><td>" << f.id << "</td><td>" << when(f.opened_at, off) << "</td><td>"
          << e(flag_kind_label(f.kind)) << "</td><td>" << e(decl.declaration_id) << "</td><td>"
          << e(display_name(decl.application)) << "</td><td>" << e(f.note) << "</td></tr>";
    }
    h << "</table>\n<h2>直近7日間に受付できなかった申込み (" << d.rejected.size()
      << " 件)</h2><table id=\"rejected\">";
    for (const auto& r : d.rejected) {
        h << "<tr><td>" << e(r.file_name) << " #" << r.record_no << "</td><td>"
          << e(r.application_id) << "</td><td>" << e(errors_of(r)) << "</td></tr>";
    }
    h << "</table>\n<h2>直近7日間に受け付けたファイル (" << d.files.size()
      << " 件)</h2><table id=\"files\"><tr><th>受付</th><th>ファイル</th><th>件数</th>"
      << "<th>文字コードと判定の根拠</th></tr>";
    for (const auto& f : d.files) {
        h << "<tr><td>" << when(f.received_at, off) << "</td><td>" << e(f.name)
          << "</td><td class=\"n\">" << f.records_done << "</td><td>" << e(read_as(f))
          << "</td></tr>";
    }
    h << "</table>\n</body></html>\n";
    return h.str();
}

Result<OutboxMail> to_mail(const Digest& d, mime::MailRenderer& renderer,
                           const std::string& to_address) {
    std::vector<mime::Part> parts;
    parts.push_back({"image/svg+xml", "chart.svg",
                     "chart." + std::to_string(d.generated_at) + "@sa-batch", to_svg(d)});
    parts.push_back({"text/html; charset=UTF-8", "report.html", "", to_html(d)});
    return renderer.generated(
        "digest",
        "【SECURITY ACTION】事務局日報 " + format_date(d.generated_at, d.utc_offset_minutes),
        to_text(d), std::move(parts), to_address, d.generated_at);
}

}  // namespace sa::report
