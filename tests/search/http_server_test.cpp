// `sa-batch serve`, the real program: what /api/search returns is JSON that any parser reads
// back to exactly the text in the register and in the error, whatever characters they hold.
#include <catch2/catch.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <string>

#include "support/background.h"
#include "support/cli_env.h"
#include "support/fixtures.h"

using namespace sa;

namespace {

int serve_port(test::Background& server) {
    const std::string line = server.read_line();
    INFO(line);
    REQUIRE(line.rfind("serving on http://127.0.0.1:", 0) == 0);
    return std::atoi(line.substr(line.rfind(':') + 1).c_str());
}

Poco::JSON::Object::Ptr parse(const std::string& json) {
    INFO(json);
    Poco::JSON::Parser parser;
    Poco::JSON::Object::Ptr o;
    REQUIRE_NOTHROW(o = parser.parse(json).extract<Poco::JSON::Object::Ptr>());
    return o;
}

}  // namespace

TEST_CASE("/api/search: names with quotes and escape-like text, errors with control characters",
          "[search][serve]") {
    test::CliEnv env;
    // Quotes, a backslash, text that looks like JSON and HTML escapes, a zero-width space.
    const std::string name = "株式会社\"引用\"\\逆斜線\\u0000\\n</script>\u200b商会";
    Application a = test::corporation_application("SV-1");
    a.business_name = name;
    env.drop("a.csv", test::csv_header() + test::csv_line(a));
    auto intake = env.run({"intake"});
    INFO(intake.out << intake.err);
    REQUIRE(intake.exit_code == 0);
    const std::string id = env.text("SELECT declaration_id FROM declarations");
    REQUIRE(env.run({"accept", id}).exit_code == 0);

    test::Background server(
        {test::sa_batch_bin(), "serve", "--config", env.config_path, "--set", "serve.port=0"});
    const int port = serve_port(server);

    int status = 0;
    auto found = parse(test::http_get(port, "/api/search?id=" + id, &status));
    CHECK(status == 200);
    REQUIRE(found->getValue<int>("count") == 1);
    auto entry = found->getArray("results")->getObject(0);
    CHECK(entry->getValue<std::string>("name") == name);
    CHECK(entry->getValue<std::string>("declaration_id") == id);

    // The error names what was asked for, control characters, quotes and all.
    auto refused = parse(test::http_get(
        port, "/api/search?prefecture=%01%22%5C%0A%E6%9D%B1%E4%BA%AC%E5%BA%9C", &status));
    CHECK(status == 400);
    CHECK(refused->getValue<std::string>("error") ==
          "prefecture '\x01\"\\\n東京府' is not one of the 47");
}
