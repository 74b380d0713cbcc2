#include "hw_model/display/png_writer.h"

#include <png.h>

#include <cstdio>
#include <stdexcept>

namespace hw {

void write_png_rgb(const std::string& path, std::uint32_t width, std::uint32_t height,
                   const std::vector<std::uint8_t>& rgb) {
  if (rgb.size() < std::size_t{width} * height * 3) throw std::invalid_argument("png: too few pixels");
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = width;
  image.height = height;
  image.format = PNG_FORMAT_RGB;
  if (!png_image_write_to_file(&image, path.c_str(), 0, rgb.data(), static_cast<png_int_32>(width * 3), nullptr)) {
    const std::string msg = image.message;
    png_image_free(&image);
    throw std::runtime_error("png " + path + ": " + msg);
  }
}

}  // namespace hw
