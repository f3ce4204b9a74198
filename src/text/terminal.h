// What sa-batch shows at a terminal comes from mail and from intake files, which anyone may
// write: one sanitiser makes every control character, escape sequence (ESC, OSC 0 titles,
// OSC 52 clipboard writes), C1 control, DEL, line or paragraph separator and bidirectional
// override visible instead of obeyed. Line feeds stay line feeds; invalid UTF-8 shows as
// U+FFFD. Applied to the whole of the program's standard output and error (main.cpp).
#pragma once

#include <streambuf>
#include <string>
#include <string_view>

namespace sa::text {

// `s` with every such character shown as an escape: "\x1b", "\r", "\t", "<U+202E>".
std::string for_terminal(std::string_view s);

// A stream buffer that passes everything written to it through for_terminal() on its way to
// `target`, a UTF-8 sequence split across writes included. Flushes what it holds on sync().
class TerminalSafeBuffer : public std::streambuf {
  public:
    explicit TerminalSafeBuffer(std::streambuf* target) : target_(target) {}
    ~TerminalSafeBuffer() override { sync(); }

  protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

  private:
    void emit(bool final);
    std::streambuf* target_;
    std::string pending_;  // bytes of an unfinished UTF-8 sequence, or a line being written
};

}  // namespace sa::text
