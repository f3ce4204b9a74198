// The fuzz targets' bodies, shared by the libFuzzer executables (tests/fuzz/*_fuzz.cpp) and
// by the unit test that replays every input kept under tests/data/fuzz/ as a regression.
// Each must return normally for any input; a crash, a sanitizer report or a broken
// property (an abort) is a bug.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sa::fuzz {

// An inbound message through decoding (in process: no child to hide behind), classification,
// key extraction and the JSON of `classify`.
void inbound(const std::uint8_t* data, std::size_t size);

// An intake file read as CSV (UTF-8 and CP932) and as JSON Lines, every record validated.
void intake(const std::uint8_t* data, std::size_t size);

// RFC 2047 decoding of any header value; and for valid UTF-8, encode-then-decode gives the
// text back in both charsets we send.
void header(const std::uint8_t* data, std::size_t size);

// What an IMAP server sends, split into responses (literals followed) once whole and once in
// chunks of a size the input chooses: both give the same responses; FETCH bodies are found
// in them without reading outside.
void imap(const std::uint8_t* data, std::size_t size);

}  // namespace sa::fuzz
