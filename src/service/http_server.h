// The HTTP/1.1 front of the Service: Boost.Beast on one io_context run by a few threads. Each
// connection reads a request (under the body and header limits), hands it to the Service, and
// writes the answer; keep-alive, pipelined one at a time. Screening runs inline on the I/O
// thread: it takes tens of microseconds, less than a hand-off to a pool would cost.
#pragma once

#include <memory>
#include <string>

#include "cordon/result.h"
#include "service.h"

namespace cordon::service {

class HttpServer {
public:
    explicit HttpServer(Service& service);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and listens on host:port (port 0: any free port); the error names the address.
    Status listen(const std::string& host, int port);
    int port() const;  // the port listened on

    // Runs the I/O on `threads` threads (this one among them) until stop(); SIGINT and SIGTERM stop.
    void run(unsigned threads);
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cordon::service
