// KeyBuffer: scratch space for the rewrite passes behind variant_key() and phonetic_key().
//
// The passes read one buffer and write the other; every pass at most doubles the length (x -> ks is
// the only growth), so two buffers of 2n+16 bytes suffice. Short tokens (all real names) live on the
// stack; longer ones fall back to the heap, so the hot path does not allocate.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

namespace cordon::text {

class KeyBuffer {
public:
    explicit KeyBuffer(std::size_t input_size) {
        const std::size_t need = 2 * input_size + 16;
        if (need > kInline) {
            heap_ = std::make_unique<char[]>(2 * need);
            a_ = heap_.get();
            b_ = heap_.get() + need;
        }
    }
    KeyBuffer(const KeyBuffer&) = delete;
    KeyBuffer& operator=(const KeyBuffer&) = delete;

    char* cur() { return a_; }    // the current contents
    char* next() { return b_; }   // where the next pass writes
    std::size_t size() const { return n_; }
    void set_size(std::size_t n) { n_ = n; }
    // After a pass wrote `n` bytes into next(): make them current.
    void flip(std::size_t n) {
        char* t = a_;
        a_ = b_;
        b_ = t;
        n_ = n;
    }
    std::string_view view() const { return {a_, n_}; }

private:
    static constexpr std::size_t kInline = 160;
    char inline_a_[kInline];
    char inline_b_[kInline];
    std::unique_ptr<char[]> heap_;
    char* a_ = inline_a_;
    char* b_ = inline_b_;
    std::size_t n_ = 0;
};

inline bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }
inline bool is_lower_alpha(char c) { return c >= 'a' && c <= 'z'; }

}  // namespace cordon::text
