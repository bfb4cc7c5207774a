#include "http_server.h"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>
#include <chrono>
#include <fmt/core.h>
#include <optional>
#include <thread>
#include <vector>

#include "log.h"

namespace cordon::service {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr auto kIdleTimeout = std::chrono::seconds(60);    // between requests on a kept-alive connection
constexpr auto kRequestTimeout = std::chrono::seconds(30);  // to read or write one request

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket&& socket, Service& service) : stream_(std::move(socket)), service_(service) {}

    void start() {
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::read, shared_from_this()));
    }

private:
    void read() {
        parser_.emplace();
        parser_->header_limit(kHeaderLimit);
        parser_->body_limit(service_.config().limits.max_body_bytes);
        stream_.expires_after(kIdleTimeout);
        http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&Session::on_header, shared_from_this()));
    }

    void on_header(beast::error_code ec, std::size_t) {
        if (ec) return on_read_error(ec);
        auto& req = parser_->get();
        if (beast::iequals(req[http::field::expect], "100-continue")) {
            // The client waits for a go-ahead before sending the body (curl does, past 1 KiB).
            continue_ = std::make_shared<http::response<http::empty_body>>(http::status::continue_, req.version());
            stream_.expires_after(kRequestTimeout);
            http::async_write(stream_, *continue_, beast::bind_front_handler(&Session::read_body, shared_from_this()));
            return;
        }
        read_body({}, 0);
    }

    void read_body(beast::error_code ec, std::size_t) {
        if (ec) return close();
        stream_.expires_after(kRequestTimeout);
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read_error(beast::error_code ec) {
        if (ec == http::error::end_of_stream || ec == net::error::eof || ec == beast::error::timeout ||
            ec == net::error::connection_reset || ec == net::error::operation_aborted) {
            return close();
        }
        // What the parser refused: answered, then the connection closes (its framing is lost).
        int status = 400;
        std::string code = "bad_request";
        std::string detail = "malformed HTTP request: " + ec.message();
        if (ec == http::error::body_limit) {
            status = 413;
            code = "payload_too_large";
            detail = fmt::format("the body is over {} bytes", service_.config().limits.max_body_bytes);
        } else if (ec == http::error::header_limit) {
            detail = fmt::format("the request line and headers are over {} bytes", kHeaderLimit);
        }
        Service::Answer a;
        a.reply = error_reply(status, code, detail);
        Request r{"-", "-", {}, {}, {}};
        const std::string id = service_.request_id({});
        service_.record(r, a, id, 0);
        send(std::move(a), id, 11, false);
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec) return on_read_error(ec);
        const auto started = std::chrono::steady_clock::now();
        request_ = std::make_shared<http::request<http::string_body>>(parser_->release());
        const auto& r = *request_;
        Request request{std::string_view(r.method_string().data(), r.method_string().size()),
                        std::string_view(r.target().data(), r.target().size()),
                        r.body(),
                        std::string_view(r[http::field::authorization].data(), r[http::field::authorization].size()),
                        std::string_view(r["X-API-Key"].data(), r["X-API-Key"].size())};
        auto offered = r["X-Request-Id"];
        const std::string id = service_.request_id(std::string_view(offered.data(), offered.size()));
        const unsigned version = r.version();
        const bool keep_alive = r.keep_alive();
        const bool head = r.method() == http::verb::head;
        auto self = shared_from_this();
        service_.handle(request, [self, id, version, keep_alive, head, started, request](Service::Answer a) {
            // Maybe on another thread (a reload that waits): back to this connection's strand.
            net::dispatch(self->stream_.get_executor(), [self, a = std::move(a), id, version, keep_alive, head,
                                                         started, request]() mutable {
                const double seconds =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
                self->service_.record(request, a, id, seconds);
                if (head) a.reply.body.clear();
                self->send(std::move(a), id, version, keep_alive);
            });
        });
    }

    void send(Service::Answer a, const std::string& id, unsigned version, bool keep_alive) {
        auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(a.reply.status),
                                                                        version);
        res->set(http::field::server, "cordon");
        res->set(http::field::content_type, a.reply.content_type);
        res->set("X-Request-Id", id);
        for (const auto& [name, value] : a.reply.headers) res->set(name, value);
        res->keep_alive(keep_alive);
        res->body() = std::move(a.reply.body);
        res->prepare_payload();
        response_ = res;
        stream_.expires_after(kRequestTimeout);
        http::async_write(stream_, *res,
                          [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                              self->response_.reset();
                              self->request_.reset();
                              if (ec || !keep_alive) return self->close();
                              self->read();
                          });
    }

    void close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }

    beast::tcp_stream stream_;
    Service& service_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::shared_ptr<http::request<http::string_body>> request_;  // alive until its answer is written
    std::shared_ptr<http::response<http::string_body>> response_;
    std::shared_ptr<http::response<http::empty_body>> continue_;
};

}  // namespace

// One io_context per thread, each run by its one thread (concurrency hint 1: no locking inside
// Asio), and connections dealt to them in turn: a connection lives on one thread, so nothing
// crosses threads per request but a reload's late answer. The first context also accepts and
// takes the signals.
struct HttpServer::Impl {
    explicit Impl(Service& s) : service(s), io(1), acceptor(io), signals(io, SIGINT, SIGTERM), drain(io) {}

    net::io_context& next_context() {
        if (workers.empty()) return io;
        const std::size_t i = next++ % (workers.size() + 1);
        return i == 0 ? io : *workers[i - 1];
    }

    void accept() {
        acceptor.async_accept(next_context(), [this](beast::error_code ec, tcp::socket socket) {
            if (ec == net::error::operation_aborted) return;
            if (!ec) {
                socket.set_option(tcp::no_delay(true), ec);
                std::make_shared<Session>(std::move(socket), service)->start();
            }
            accept();
        });
    }

    Service& service;
    net::io_context io;
    std::vector<std::unique_ptr<net::io_context>> workers;
    std::vector<net::executor_work_guard<net::io_context::executor_type>> guards;
    std::size_t next = 0;
    tcp::acceptor acceptor;
    net::signal_set signals;
    net::steady_timer drain;
};

HttpServer::HttpServer(Service& service) : impl_(std::make_unique<Impl>(service)) {}
HttpServer::~HttpServer() = default;

Status HttpServer::listen(const std::string& host, int port) {
    beast::error_code ec;
    const std::string name = host == "localhost" ? "127.0.0.1" : host;
    auto address = net::ip::make_address(name, ec);
    if (ec) return make_error(ErrorCode::kInvalidArgument, "not an IP address: " + host, {"", 0, "", "host"});
    tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
    auto& a = impl_->acceptor;
    const std::string where = fmt::format("{}:{}", host, port);
    if (a.open(endpoint.protocol(), ec); ec) return make_error(ErrorCode::kIo, "cannot open a socket for " + where + ": " + ec.message());
    a.set_option(net::socket_base::reuse_address(true), ec);
    if (a.bind(endpoint, ec); ec) return make_error(ErrorCode::kIo, "cannot listen on " + where + ": " + ec.message());
    if (a.listen(net::socket_base::max_listen_connections, ec); ec) {
        return make_error(ErrorCode::kIo, "cannot listen on " + where + ": " + ec.message());
    }
    return Ok{};
}

int HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::run(unsigned threads) {
    impl_->signals.async_wait([this](beast::error_code ec, int signal) {
        if (ec) return;
        // New connections are refused at once; requests in flight get a moment to be answered.
        log_event("info", "shutdown", {{"signal", signal}});
        beast::error_code ignored;
        impl_->acceptor.close(ignored);
        impl_->drain.expires_after(std::chrono::milliseconds(500));
        impl_->drain.async_wait([this](beast::error_code) { stop(); });
    });
    for (unsigned i = 1; i < std::max(1U, threads); ++i) {
        impl_->workers.push_back(std::make_unique<net::io_context>(1));
        impl_->guards.push_back(net::make_work_guard(*impl_->workers.back()));
    }
    impl_->accept();
    std::vector<std::thread> pool;
    for (auto& w : impl_->workers) pool.emplace_back([&context = *w] { context.run(); });
    impl_->io.run();
    for (auto& t : pool) t.join();
}

void HttpServer::stop() {
    net::post(impl_->io, [this] {
        beast::error_code ec;
        impl_->acceptor.close(ec);
        impl_->signals.cancel(ec);
        for (auto& w : impl_->workers) w->stop();
        impl_->io.stop();
    });
}

}  // namespace cordon::service
