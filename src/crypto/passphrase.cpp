// Reading a passphrase: from a file descriptor or a file a script gives, or
// from the terminal with echo off. Never from argv, where `ps` and shell
// history would keep it.
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <fmt/format.h>
#include <sodium.h>

#include "util/error.hpp"
#include "crypto/keys.hpp"
#include "util/i18n.hpp"

namespace casebook::crypto::keys {

namespace {

constexpr std::size_t passphrase_max = 4096;

// Reads up to the first line end (not kept) or the end of fd, a byte at a
// time so that nothing after the line is taken from a shared descriptor.
std::string read_line(int fd, const std::string& what)
{
    std::string line;
    for (;;) {
        char c = 0;
        const ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            const int error = errno;
            sodium_memzero(line.data(), line.size());
            throw Error(Exit::io, say("cannot read the passphrase from {}: {}", what, std::strerror(error)));
        }
        if (n == 0 || c == '\n') {
            break;
        }
        if (line.size() == passphrase_max) {
            sodium_memzero(line.data(), line.size());
            throw Error(Exit::usage, say("the passphrase in {} is longer than {} bytes", what, passphrase_max));
        }
        line += c;
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

// The terminal's settings while echo is off, for a signal handler to put back.
int tty_fd = -1;
struct termios tty_saved;
std::atomic<bool> echo_off{false};

extern "C" void restore_echo_and_die(int sig)
{
    if (echo_off.load()) {
        ::tcsetattr(tty_fd, TCSAFLUSH, &tty_saved);
    }
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

// One no-echo prompt on the terminal fd; Ctrl-C leaves echo on.
std::string prompt_once(int fd, std::string_view prompt)
{
    if (::tcgetattr(fd, &tty_saved) != 0) {
        throw Error(Exit::io, say("cannot turn off echo on the terminal: {}", std::strerror(errno)));
    }
    struct termios quiet = tty_saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    tty_fd = fd;
    struct sigaction action {};
    action.sa_handler = restore_echo_and_die;
    sigemptyset(&action.sa_mask);
    struct sigaction old_int {}, old_term {}, old_hup {};
    sigaction(SIGINT, &action, &old_int);
    sigaction(SIGTERM, &action, &old_term);
    sigaction(SIGHUP, &action, &old_hup);
    std::string line;
    try {
        if (::write(fd, prompt.data(), prompt.size()) < 0) {
            throw Error(Exit::io, say("cannot write to the terminal: {}", std::strerror(errno)));
        }
        echo_off = ::tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
        if (!echo_off) {
            throw Error(Exit::io, say("cannot turn off echo on the terminal: {}", std::strerror(errno)));
        }
        line = read_line(fd, tr("the terminal"));
    } catch (...) {
        ::tcsetattr(fd, TCSAFLUSH, &tty_saved);
        echo_off = false;
        sigaction(SIGINT, &old_int, nullptr);
        sigaction(SIGTERM, &old_term, nullptr);
        sigaction(SIGHUP, &old_hup, nullptr);
        throw;
    }
    ::tcsetattr(fd, TCSAFLUSH, &tty_saved);
    echo_off = false;
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
    sigaction(SIGHUP, &old_hup, nullptr);
    return line;
}

std::string from_terminal(std::string_view prompt, Confirm confirm)
{
    const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        throw Error(Exit::usage, tr("no passphrase: there is no terminal to ask on; set CASEBOOK_PASSPHRASE_FILE "
                                 "or CASEBOOK_PASSPHRASE_FD"));
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    std::string first = prompt_once(fd, prompt);
    if (confirm == Confirm::yes) {
        std::string again = prompt_once(fd, tr("Again, to be sure: "));
        const bool same = first == again;
        sodium_memzero(again.data(), again.size());
        if (!same) {
            sodium_memzero(first.data(), first.size());
            throw Error(Exit::usage, tr("the two passphrases differ; nothing was written"));
        }
    }
    return first;
}

} // namespace

Passphrase read_passphrase(const PassphraseSource& source, std::string_view prompt, Confirm confirm)
{
    init_sodium();
    std::string text;
    if (source.fd) {
        const std::string& value = *source.fd;
        int fd = -1;
        if (value.empty() || value.size() > 9 || value.find_first_not_of("0123456789") != std::string::npos) {
            throw Error(Exit::usage, say("CASEBOOK_PASSPHRASE_FD must be a file descriptor number, not \"{}\"",
                                                 value.substr(0, 20)));
        }
        fd = std::stoi(value);
        text = read_line(fd, say("file descriptor {}", fd));
    } else if (source.file) {
        const int fd = ::open(source.file->c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            throw Error(Exit::io, say("cannot read the passphrase file {}: {}", *source.file, std::strerror(errno)));
        }
        struct Closer {
            int fd;
            ~Closer() { ::close(fd); }
        } closer{fd};
        text = read_line(fd, *source.file);
    } else {
        text = from_terminal(prompt, confirm);
    }
    Passphrase passphrase(std::move(text));
    sodium_memzero(text.data(), text.capacity()); // what a short string left in place
    if (passphrase.view().empty()) {
        throw Error(Exit::usage, tr("the passphrase is empty"));
    }
    return passphrase;
}

} // namespace casebook::crypto::keys
