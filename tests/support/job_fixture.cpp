#include "support/job_fixture.h"

#include <Poco/NullChannel.h>

#include <ctime>

#include "store/sqlite.h"
#include "support/process.h"

namespace sa::test {

namespace {
Poco::Logger& quiet_logger() {
    Poco::Logger& log = Poco::Logger::get("test");
    log.setChannel(new Poco::NullChannel);
    return log;
}
}  // namespace

JobFixture::JobFixture(std::uint64_t seed)
    : spool(dir.file("spool")), random(seed), clock(::time(nullptr)), log(quiet_logger()) {
    write_file(spool + "/.keep", "");
    store = open_sqlite_store(dir.file("sa.db"));
    mime::MailSettings s;
    s.from_address = "noreply@sa-secretariat.example";
    s.reply_to = "security-action-info@sa-secretariat.example";
    s.secretariat_email = "security-action-info@sa-secretariat.example";
    s.site_url = "https://security-shien.ipa.go.jp/security/index.html";
    s.search_url = "https://security-shien.ipa.go.jp/security/search/index.html";
    s.apply_url = "https://security-shien.ipa.go.jp/security/";
    s.templates_dir = source_dir() + "/mail_templates";
    auto r = mime::MailRenderer::create(s, random);
    if (!r) throw Error(r.status());
    renderer = std::make_unique<mime::MailRenderer>(std::move(*r));
}

std::int64_t JobFixture::count(const std::string& sql) {
    auto db = sqlite::Database::open(dir.file("sa.db"), 5000);
    auto& st = db->cached(sql);
    st.step();
    return st.int64(0);
}

void JobFixture::drop(const std::string& name, const std::string& content) {
    write_file(spool + "/" + name, content);
    age_file(spool + "/" + name, 3600);
}

}  // namespace sa::test
