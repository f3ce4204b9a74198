#include "intake/validate.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include "core/number.h"
#include "core/time_format.h"
#include "domain/corporate_number.h"
#include "domain/ids.h"
#include "domain/prefecture.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace sa::intake {
namespace {

// Upper bounds in characters; the form enforces less, these stop garbage and abuse.
constexpr std::size_t kMaxName = 100;
constexpr std::size_t kMaxAddress = 200;
constexpr std::size_t kMaxShort = 50;
const char* const kNotPhone = "電話番号の形式ではありません(数字9〜15桁、- ( ) + と空白のみ)";

class Checker {
  public:
    explicit Checker(const RawRecord& r) : record_(r) {}

    // The trimmed value, "" when the column is absent. Control characters are reported once.
    std::string get(const std::string& field) {
        auto it = record_.fields.find(field);
        if (it == record_.fields.end()) return "";
        if (!utf8::is_valid(it->second)) {
            fail(field, "ファイルの文字コードでは読めない文字を含んでいます");
            return "";
        }
        if (text::has_control_chars(it->second)) {
            fail(field, "制御文字(改行・タブなど)を含んでいます");
            return "";
        }
        return text::trim(it->second);
    }

    std::string required(const std::string& field, std::size_t max_chars) {
        std::string v = get(field);
        if (v.empty()) {
            if (!failed(field)) fail(field, "必須の項目ですが、空です");
        } else {
            bounded(field, v, max_chars);
        }
        return v;
    }

    std::string optional(const std::string& field, std::size_t max_chars) {
        std::string v = get(field);
        bounded(field, v, max_chars);
        return v;
    }

    // One reason per field: a value already refused (too long, unreadable) is not also
    // reported as malformed. Problems of the "_record" as a whole are distinct; all are kept.
    void fail(const std::string& field, const std::string& message) {
        if (field != "_record" && failed(field)) return;
        errors.push_back({field, message});
    }
    bool failed(const std::string& field) const {
        for (const auto& e : errors) {
            if (e.field == field) return true;
        }
        return false;
    }

    std::vector<FieldError> errors;

  private:
    void bounded(const std::string& field, const std::string& v, std::size_t max_chars) {
        if (utf8::length(v) > max_chars) {
            fail(field, std::to_string(max_chars) + "文字を超えています");
        }
    }
    const RawRecord& record_;
};

bool valid_phone(const std::string& folded) {
    std::size_t digits = 0;
    for (char c : folded) {
        if (c >= '0' && c <= '9') {
            ++digits;
        } else if (c != '-' && c != ' ' && c != '(' && c != ')' && c != '+') {
            return false;
        }
    }
    return digits >= 9 && digits <= 15;
}

}  // namespace

std::string fingerprint(const Application& a) {
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    auto field = [&](const std::string& v) {
        sha.update(v);
        sha.update('\x1F');
    };
    for (const std::string* v :
         {&a.application_id, &a.submitted_at, &a.corporate_number, &a.business_name, &a.trade_name,
          &a.representative_name, &a.prefecture, &a.address, &a.phone, &a.industry, &a.contact_name,
          &a.contact_department, &a.contact_email, &a.contact_phone}) {
        field(*v);
    }
    field(to_string(a.tier));
    field(to_string(a.entity_type));
    field(a.employees ? std::to_string(*a.employees) : "");
    field(std::string(1, static_cast<char>('0' + a.pledge_five_principles)) +
          static_cast<char>('0' + a.self_assessment_done) +
          static_cast<char>('0' + a.basic_policy_published));
    // Only when given, so that an application without it keeps the digest it always had.
    if (!a.user_number.empty()) field(a.user_number);
    return Poco::DigestEngine::digestToHex(sha.digest());
}

FieldError reused_application_id(const std::string& earlier) {
    return {"application_id", "別のお申込みですでに使われています(" + earlier + ")"};
}

std::string record_place(const std::string& file, std::size_t record_no) {
    return (file.empty() ? "このファイルの" : "ファイル「" + file + "」の") +
           std::to_string(record_no) + "件目";
}

namespace {

// The intake format's columns, each with the name the web form and the secretariat give it.
struct Column {
    const char* name;
    const char* label;
};
constexpr Column kColumns[] = {{"application_id", "申込ID"},
                               {"submitted_at", "申込日時"},
                               {"tier", "取組段階"},
                               {"entity_type", "事業者区分"},
                               {"corporate_number", "法人番号"},
                               {"business_name", "事業者名"},
                               {"trade_name", "屋号"},
                               {"representative_name", "代表者名"},
                               {"prefecture", "都道府県"},
                               {"address", "所在地"},
                               {"phone", "電話番号"},
                               {"employees", "従業員数"},
                               {"industry", "業種"},
                               {"contact_name", "担当者名"},
                               {"contact_department", "担当者部署"},
                               {"contact_email", "担当者メールアドレス"},
                               {"contact_phone", "担当者電話番号"},
                               {"pledge_five_principles", "情報セキュリティ5か条の取組"},
                               {"self_assessment_done", "自社診断の実施"},
                               {"basic_policy_published", "基本方針の策定・公開"},
                               {"user_number", "利用者番号"}};

}  // namespace

const std::vector<std::string>& known_columns() {
    static const std::vector<std::string> kNames = [] {
        std::vector<std::string> names;
        for (const Column& c : kColumns) names.push_back(c.name);
        return names;
    }();
    return kNames;
}

std::string field_label(const std::string& field) {
    if (field == "_record") return "レコード全体";
    for (const Column& c : kColumns) {
        if (field == c.name) return std::string(c.label) + " (" + c.name + ")";
    }
    return field;
}

std::optional<bool> parse_bool(const std::string& text) {
    std::string t = text::lower_ascii(text::trim(text::fold_width(text)));
    if (t == "1" || t == "true" || t == "yes" || t == "はい") return true;
    if (t == "0" || t == "false" || t == "no" || t == "いいえ") return false;
    return std::nullopt;
}

std::optional<std::string> normalize_email(const std::string& text, std::string& why) {
    std::string t = text::trim(text::fold_width(text));
    auto at = t.rfind('@');
    if (t.empty() || at == std::string::npos || at == 0 || at + 1 == t.size()) {
        why = "メールアドレス(ローカル部@ドメイン)の形式ではありません";
        return std::nullopt;
    }
    if (t.size() > 254) {
        why = "254文字を超えています";
        return std::nullopt;
    }
    std::string local = t.substr(0, at), domain = text::lower_ascii(t.substr(at + 1));
    static const std::string kAtext = "!#$%&'*+-/=?^_`{|}~";
    bool dot_ok = false;  // a dot may not start, end or repeat
    for (char c : local) {
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (c == '.') {
            if (!dot_ok) {
                why = "@の前の「.」の位置が正しくありません";
                return std::nullopt;
            }
            dot_ok = false;
        } else if (alnum || kAtext.find(c) != std::string::npos) {
            dot_ok = true;
        } else {
            why = "@の前に使えない文字があります";
            return std::nullopt;
        }
    }
    if (!dot_ok || local.size() > 64) {
        why = "@の前の部分が正しくありません";
        return std::nullopt;
    }
    std::size_t labels = 0, start = 0;
    for (;;) {
        auto dot = domain.find('.', start);
        std::string label = domain.substr(start, dot == std::string::npos ? dot : dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
            why = "@の後のドメインが正しくありません";
            return std::nullopt;
        }
        for (char c : label) {
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                why = "@の後のドメインが正しくありません";
                return std::nullopt;
            }
        }
        ++labels;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    if (labels < 2) {
        why = "ドメインに「.」がありません";
        return std::nullopt;
    }
    return local + "@" + domain;
}

Validation validate(const RawRecord& record) {
    Validation v;
    Checker c(record);
    for (const auto& e : record.errors) c.fail(e.field, e.message);
    Application a;

    a.application_id = c.required("application_id", 64);
    for (char ch : a.application_id) {
        if (static_cast<unsigned char>(ch) < 0x21 || static_cast<unsigned char>(ch) > 0x7E) {
            c.fail("application_id", "空白を含まない半角の英数字・記号で入力してください");
            break;
        }
    }
    v.application_id = a.application_id;

    a.submitted_at = c.required("submitted_at", kMaxShort);
    if (!a.submitted_at.empty()) {
        auto t = parse_iso8601(text::fold_width(a.submitted_at));
        if (t) {
            a.submitted_unix = *t;
        } else if (!c.failed("submitted_at")) {
            c.fail("submitted_at",
                   "時差つきのISO 8601形式の日時ではありません(例: 2026-11-20T10:15:00+09:00)");
        }
    }

    std::string tier = text::lower_ascii(text::fold_width(c.required("tier", kMaxShort)));
    if (tier == "one_star" || tier == "一つ星") {
        a.tier = Tier::kOneStar;
    } else if (tier == "two_star" || tier == "二つ星") {
        a.tier = Tier::kTwoStar;
    } else if (!tier.empty()) {
        c.fail("tier", "one_star、two_star、一つ星、二つ星のいずれかを指定してください");
    }

    std::string entity = text::lower_ascii(text::fold_width(c.required("entity_type", kMaxShort)));
    bool entity_known = true;
    if (entity == "corporation" || entity == "法人") {
        a.entity_type = EntityType::kCorporation;
    } else if (entity == "sole_proprietor" || entity == "個人事業主") {
        a.entity_type = EntityType::kSoleProprietor;
    } else {
        entity_known = false;
        if (!entity.empty())
            c.fail("entity_type",
                   "corporation、sole_proprietor、法人、個人事業主のいずれかを指定してください");
    }

    const bool corporation = entity_known && a.entity_type == EntityType::kCorporation;
    std::string number = corporation ? c.required("corporate_number", kMaxShort)
                                     : c.optional("corporate_number", kMaxShort);
    if (!number.empty()) {
        auto n = normalize_corporate_number(number);
        if (n) {
            a.corporate_number = *n;
        } else {
            c.fail("corporate_number", n.status().message());
        }
    }
    if (corporation) {
        a.business_name = c.required("business_name", kMaxName);
        a.trade_name = c.optional("trade_name", kMaxName);
        a.representative_name = c.optional("representative_name", kMaxName);
    } else {
        a.business_name = c.optional("business_name", kMaxName);
        if (entity_known) {
            a.trade_name = c.required("trade_name", kMaxName);
            a.representative_name = c.required("representative_name", kMaxName);
        }
    }

    std::string pref = c.required("prefecture", kMaxShort);
    if (!pref.empty()) {
        auto p = normalize_prefecture(pref);
        if (p) {
            a.prefecture = *p;
        } else {
            c.fail("prefecture", "「" + pref + "」は47都道府県のいずれでもありません");
        }
    }

    a.address = c.optional("address", kMaxAddress);
    a.industry = c.optional("industry", kMaxName);
    a.phone = text::fold_width(c.optional("phone", kMaxShort));
    if (!a.phone.empty() && !valid_phone(a.phone)) c.fail("phone", kNotPhone);

    std::string employees = text::fold_width(c.optional("employees", kMaxShort));
    if (!employees.empty()) {
        auto n = parse_integer<std::uint64_t>(employees);
        if (!n || employees.size() > 9) {
            c.fail("employees", "0以上の整数で入力してください");
        } else {
            a.employees = static_cast<std::int64_t>(*n);
        }
    }

    a.contact_name = c.required("contact_name", kMaxName);
    a.contact_department = c.optional("contact_department", kMaxName);
    std::string email = c.required("contact_email", 254);
    if (!email.empty()) {
        std::string why;
        auto e = normalize_email(email, why);
        if (e) {
            a.contact_email = *e;
        } else {
            c.fail("contact_email", why);
        }
    }
    a.contact_phone = text::fold_width(c.optional("contact_phone", kMaxShort));
    if (!a.contact_phone.empty() && !valid_phone(a.contact_phone)) {
        c.fail("contact_phone", kNotPhone);
    }

    auto flag = [&](const std::string& field, bool required_true, const std::string& why) {
        std::string raw = c.get(field);
        if (c.failed(field)) return false;
        auto b = raw.empty() ? std::optional<bool>(false) : parse_bool(raw);
        if (!b) {
            c.fail(field,
                   "はい・いいえの値(1/0、true/false、yes/no、はい/いいえ)で入力してください");
            return false;
        }
        if (required_true && !*b) c.fail(field, why);
        return *b;
    };
    a.pledge_five_principles =
        flag("pledge_five_principles", true,
             "情報セキュリティ5か条に取り組むことの宣言が必要です(一つ星・二つ星とも)");
    bool two = a.tier == Tier::kTwoStar;
    a.self_assessment_done =
        flag("self_assessment_done", two, "二つ星には自社診断の実施が必要です");
    a.basic_policy_published = flag("basic_policy_published", two,
                                    "二つ星には情報セキュリティ基本方針の策定・公開が必要です");

    // Only checked, never echoed: a 利用者番号 is a login credential.
    std::string user = text::fold_width(c.optional("user_number", kMaxShort));
    if (!user.empty()) {
        std::string digits;
        bool only_digits = true;
        for (char ch : user) {
            if (ch >= '0' && ch <= '9') {
                digits += ch;
            } else if (ch != '-' && ch != ' ') {
                only_digits = false;
            }
        }
        IdCheck id = check_id(digits);
        if (!only_digits || !id.looks_like_id || id.kind != IdKind::kUserNumber) {
            c.fail("user_number", "利用者番号(9から始まる11桁の数字)ではありません");
        } else if (!id.valid) {
            c.fail("user_number", "チェックディジットが一致しません(入力誤りの可能性があります)");
        } else {
            a.user_number = digits;
        }
    }

    v.errors = std::move(c.errors);
    if (v.errors.empty()) v.application = std::move(a);
    return v;
}

RawRecord as_record(const Application& a) {
    RawRecord r;
    auto yes = [](bool b) { return std::string(b ? "1" : "0"); };
    r.fields = {{"application_id", a.application_id},
                {"submitted_at", a.submitted_at},
                {"tier", to_string(a.tier)},
                {"entity_type", to_string(a.entity_type)},
                {"corporate_number", a.corporate_number},
                {"business_name", a.business_name},
                {"trade_name", a.trade_name},
                {"representative_name", a.representative_name},
                {"prefecture", a.prefecture},
                {"address", a.address},
                {"phone", a.phone},
                {"employees", a.employees ? std::to_string(*a.employees) : ""},
                {"industry", a.industry},
                {"contact_name", a.contact_name},
                {"contact_department", a.contact_department},
                {"contact_email", a.contact_email},
                {"contact_phone", a.contact_phone},
                {"pledge_five_principles", yes(a.pledge_five_principles)},
                {"self_assessment_done", yes(a.self_assessment_done)},
                {"basic_policy_published", yes(a.basic_policy_published)},
                {"user_number", a.user_number}};
    return r;
}

}  // namespace sa::intake
