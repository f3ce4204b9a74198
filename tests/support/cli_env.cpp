#include "support/cli_env.h"

#include <cstdlib>

#include "store/sqlite.h"

namespace sa::test {

std::string smtp_port() {
    const char* p = std::getenv("SA_SMTP_PORT");
    return p && *p ? p : "2525";
}

std::string imap_port() {
    const char* p = std::getenv("SA_IMAP_PORT");
    return p && *p ? p : "1143";
}

std::string imaps_port() {
    const char* p = std::getenv("SA_IMAPS_PORT");
    return p && *p ? p : "1993";
}

std::string mailstack_ca() {
    const char* d = std::getenv("SA_MAILSTACK_DIR");
    return std::string(d && *d ? d : "/tmp/sa-batch-mailstack") + "/tls/ca.pem";
}

std::string mail_password() {
    const char* p = std::getenv("SA_MAIL_PASSWORD");
    return p && *p ? p : "Mailstack-7Qp2";
}

CliEnv::CliEnv(const std::string& extra)
    : config_path(dir.file("sa-batch.ini")), spool(dir.file("spool")), db_path(dir.file("sa.db")) {
    write_file(config_path, "[database]\npath = " + db_path +
                                "\n"
                                "[intake]\nspool = " +
                                spool +
                                "\nsettle_seconds = 0\n"
                                "[smtp]\nurl = smtp://127.0.0.1:" +
                                smtp_port() +
                                "\ntls = none\n"
                                "[mail]\nfrom = noreply@sa-secretariat.example\n"
                                "reply_to = security-action-info@sa-secretariat.example\n"
                                "envelope_from = security-action-info@sa-secretariat.example\n"
                                "secretariat_email = security-action-info@sa-secretariat.example\n"
                                "templates = " +
                                source_dir() +
                                "/mail_templates\n"
                                "[imap]\nca_file = " +
                                mailstack_ca() +
                                "\n"
                                "[log]\nfile = " +
                                dir.file("log/sa-batch.log") + "\n" + extra);
    write_file(spool + "/.keep", "");
}

ProcessResult CliEnv::run(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env) const {
    std::vector<std::string> argv = {sa_batch_bin()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("--config");
    argv.push_back(config_path);
    return run_process(argv, dir.path(), env);
}

std::int64_t CliEnv::count(const std::string& sql) const {
    auto db = sqlite::Database::open(db_path, 5000);
    auto& st = db->cached(sql);
    st.step();
    return st.int64(0);
}

std::string CliEnv::text(const std::string& sql) const {
    auto db = sqlite::Database::open(db_path, 5000);
    auto& st = db->cached(sql);
    return st.step() ? st.text(0) : std::string();
}

void CliEnv::drop(const std::string& name, const std::string& content) const {
    write_file(spool + "/" + name, content);
}

}  // namespace sa::test
