#pragma once
// Status and Result<T>: the one error model of rmq. A Status carries a RocketMQ
// response code (so an error can go on the wire unchanged) and a remark for humans.
// Hot paths return these; exceptions are reserved for start-up and configuration.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

#include "common/ResponseCode.h"

namespace rmq {

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(int code, std::string remark) : code_(code), remark_(std::move(remark)) {}

  static Status OK() { return Status(); }
  static Status Error(int code, std::string remark) { return Status(code, std::move(remark)); }
  static Status SystemError(std::string remark) { return Status(ResponseCode::SYSTEM_ERROR, std::move(remark)); }

  bool ok() const { return code_ == ResponseCode::SUCCESS; }
  int code() const { return code_; }
  const std::string& remark() const { return remark_; }
  std::string toString() const {
    return ok() ? std::string("OK") : "code " + std::to_string(code_) + ": " + remark_;
  }

 private:
  int code_ = ResponseCode::SUCCESS;
  std::string remark_;
};

// Either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}                         // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) { assert(!std::get<Status>(v_).ok()); }  // NOLINT

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &std::get<T>(v_); }
  const T* operator->() const { return &std::get<T>(v_); }
  T& operator*() & { return std::get<T>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace rmq
