#include <catch2/catch.hpp>

#include <sstream>

#include "text/terminal.h"

TEST_CASE("what reaches a terminal shows control sequences instead of obeying them", "[text]") {
    using sa::text::for_terminal;
    CHECK(for_terminal("件名\n次の行") == "件名\n次の行");
    CHECK(for_terminal("a\x1b]0;owned\x07z") == "a\\x1b]0;owned\\x07z");          // OSC 0 title
    CHECK(for_terminal("\x1b]52;c;ZXZpbA==\x07") == "\\x1b]52;c;ZXZpbA==\\x07");  // OSC 52
    CHECK(for_terminal("\x1b[2J\r\t\x7f") == "\\x1b[2J\\r\\t\\x7f");
    CHECK(for_terminal("\xc2\x9b"
                       "31m") == "<U+009B>31m");                                    // C1 CSI
    CHECK(for_terminal("invoice\xe2\x80\xaegnp.exe") == "invoice<U+202E>gnp.exe");  // RLO
    CHECK(for_terminal("\xe2\x81\xa6x\xe2\x80\xa8") == "<U+2066>x<U+2028>");
    CHECK(for_terminal("bad\xff") == "bad\xef\xbf\xbd");
}

TEST_CASE("the terminal buffer sanitises a stream, sequences split across writes included",
          "[text]") {
    std::ostringstream sink;
    {
        sa::text::TerminalSafeBuffer buf(sink.rdbuf());
        std::ostream out(&buf);
        out << "subject: \x1b[31m赤";
        out.write("\xe2\x80", 2);  // half of U+202E
        out.write("\xae", 1);
        out << "\n" << std::flush;
    }
    CHECK(sink.str() == "subject: \\x1b[31m赤<U+202E>\n");
}
