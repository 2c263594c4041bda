#pragma once
// Error model of the rmq C++ SDK. Hot-path calls (send, pull, offsets, admin) return a
// Result<T> or a Status; only start() and invalid configuration throw ClientException.

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace rmq::client {

// Client-side error codes. Non-negative codes are RocketMQ response codes as returned by
// the server (e.g. 17 TOPIC_NOT_EXIST, 13 MESSAGE_ILLEGAL); negative codes never travel.
struct ErrorCode {
  static constexpr int kTimeout = -1;        // no response within the timeout
  static constexpr int kConnectFailed = -2;  // could not connect to the address
  static constexpr int kSendFailed = -3;     // connection broke while sending
  static constexpr int kBadResponse = -4;    // malformed response (header, body, fields)
  static constexpr int kNotStarted = -5;     // call before start() or after shutdown()
  static constexpr int kInvalidConfig = -6;  // rejected setting (thrown as ClientException)
  static constexpr int kTooManyRequests = -7; // async send back-pressure: no in-flight slot in time
  static constexpr int kMessageIllegal = 13; // client-side validation uses the broker's code
  static constexpr int kTopicNotExist = 17;
  static constexpr int kQueryNotFound = 22;
};

struct ClientError {
  int code = 0;
  std::string message;

  std::string toString() const { return "code " + std::to_string(code) + ": " + message; }
};

// A value or a ClientError. value() / operator-> on an error result throw
// std::bad_variant_access, error() on a value result likewise: check ok() first.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}       // NOLINT: implicit by design
  Result(ClientError error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const ClientError& error() const { return std::get<1>(v_); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() & { return std::get<0>(v_); }
  const T& operator*() const& { return std::get<0>(v_); }

 private:
  std::variant<T, ClientError> v_;
};

// Result without a value: success, or a ClientError.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(ClientError error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design
  static Result OK() { return Result(); }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const ClientError& error() const { return error_; }

 private:
  ClientError error_;
  bool ok_ = true;
};

using Status = Result<void>;

// Thrown by start() and by setters given invalid configuration.
class ClientException : public std::runtime_error {
 public:
  ClientException(int code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  explicit ClientException(const ClientError& e) : ClientException(e.code, e.message) {}
  int code() const { return code_; }

 private:
  int code_;
};

}  // namespace rmq::client
