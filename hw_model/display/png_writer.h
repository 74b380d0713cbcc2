// PNG files from packed 8-bit RGB rows (libpng).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hw {

// Throws std::runtime_error when the file cannot be written.
void write_png_rgb(const std::string& path, std::uint32_t width, std::uint32_t height,
                   const std::vector<std::uint8_t>& rgb);

}  // namespace hw
