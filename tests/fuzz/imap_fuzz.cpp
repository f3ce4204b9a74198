// libFuzzer entry for sa::fuzz::imap (see targets.h). Built with -DSA_FUZZ=ON and clang.
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, unsigned long size) {
    sa::fuzz::imap(data, size);
    return 0;
}
