#pragma once
// The font atlas on the GPU as one byte per pixel (coverage in red, swizzled to white + alpha),
// instead of the OpenGL3 backend's RGBA copy: a quarter of the memory in the GL driver, which
// under a software renderer (Mesa llvmpipe) is the kiosk's own memory.
#include <imgui.h>

namespace lp::kiosk::app {

class FontTexture {
public:
    FontTexture() = default;
    ~FontTexture() { reset(); }
    FontTexture(const FontTexture&) = delete;
    FontTexture& operator=(const FontTexture&) = delete;

    /// Whether this GL context can sample a red-only texture as white + alpha (GL 3.3 or
    /// ARB/EXT_texture_swizzle). When not, use the backend's RGBA texture instead.
    static bool supported();
    /// Uploads the atlas's alpha pixels (replacing any earlier texture) and sets its TexID.
    void upload(ImFontAtlas& atlas);
    /// Deletes the texture; the GL context must still be current.
    void reset();

private:
    unsigned id_ = 0;
};

}  // namespace lp::kiosk::app
